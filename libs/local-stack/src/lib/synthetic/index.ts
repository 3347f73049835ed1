export {
  generateRetailDays,
  type SyntheticRetailOptions,
  type SyntheticDay,
} from './generate';
export { readSyntheticDataset, writeSyntheticDataset, type SyntheticDatasetSummary } from './write';
export { InvalidSyntheticOptionsError } from './errors';
export { RETAIL_HEADER } from './csv-row';
