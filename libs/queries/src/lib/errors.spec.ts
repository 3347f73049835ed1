// Every error queries throws is an EcomlakeError with its own name and code, so a caller (or a
// Step Functions Catch, after a JSON hop) tells them apart by code.
import { milli } from '@ecomlake/model';
import { isEcomlakeError } from '@ecomlake/util';
import { orderValues } from './definitions/order-values';
import { ordersByCustomer } from './definitions/orders-by-customer';
import { CatalogMissingError, IndexMissingError, InvalidQueryError } from './errors';

test('a question it cannot answer is InvalidQueryError, queries.invalidQuery', () => {
  const caught = [() => ordersByCustomer(''), () => orderValues({ min: milli(10_000), max: milli(1_000) })].map((ask) => {
    try {
      ask();
    } catch (error) {
      return error;
    }
    return undefined;
  });
  for (const error of caught) {
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect(isEcomlakeError(error, 'queries.invalidQuery')).toBe(true);
  }
  expect((caught[1] as Error).message).toBe('orderValues: min (10000) is above max (1000)');
});

test.each([
  ['InvalidQueryError', new InvalidQueryError('q', 'why'), 'queries.invalidQuery'],
  ['CatalogMissingError', new CatalogMissingError('orders'), 'queries.catalogMissing'],
  ['IndexMissingError', new IndexMissingError('salesByCountry', 'orders', 'CountryIndex'), 'queries.indexMissing'],
])('%s carries its name and its own code', (name, error, code) => {
  expect(error.name).toBe(name);
  expect(error.code).toBe(code);
  // Rebuilt from JSON (a Step Functions Cause), it is still recognised by its code.
  expect(isEcomlakeError(JSON.parse(JSON.stringify({ name: error.name, message: error.message, code: error.code })), code)).toBe(true);
});
