// The inputs Step Functions builds from the definition (JSONPath `Parameters` and `ItemSelector`),
// so a test's events follow the state machine as written instead of a copy of it. Only what the
// definition uses is supported (`$.path`, `$$.path`, `States.Format`); anything else throws,
// naming it, so a change to the definition shows up here instead of passing unnoticed.
import type { AslDefinition } from './template';

type Json = unknown;

/** A listed object as the Distributed Map `mapName`'s child receives it, on the Map's state `input`: the ItemSelector applied, when there is one. */
export function mapItemSelector(definition: AslDefinition, mapName: string, input: Json, item: Json, index = 0): Json {
  const map = distributedMap(definition, mapName);
  if (map.ItemSelector === undefined) return item;
  return evaluate(map.ItemSelector, { input, context: { Map: { Item: { Value: item, Index: index } } } });
}

/** A batch of listed objects as the Map's child receives it with an ItemBatcher: `{ Items, BatchInput }`. */
export function mapBatch(definition: AslDefinition, mapName: string, input: Json, items: readonly Json[]): Json {
  const map = distributedMap(definition, mapName);
  const batcher = map.ItemBatcher as { BatchInput?: Json } | undefined;
  if (!batcher) throw new Error(`Map ${mapName} has no ItemBatcher`);
  const selected = items.map((item, i) => (map.ItemSelector === undefined ? item : evaluate(map.ItemSelector, { input, context: { Map: { Item: { Value: item, Index: i } } } })));
  return { Items: selected, ...(batcher.BatchInput !== undefined && { BatchInput: evaluate(batcher.BatchInput, { input, context: {} }) }) };
}

function distributedMap(definition: AslDefinition, mapName: string): Record<string, unknown> {
  const map = definition.States[mapName];
  if (!map || map.Type !== 'Map' || map.ItemReader === undefined) throw new Error(`the definition has no Distributed Map "${mapName}" (states: ${Object.keys(definition.States).join(', ')})`);
  return map;
}

/** The payload a Lambda task state sends: its Parameters (or Parameters.Payload for lambda:invoke) evaluated on the state's input. */
export function evaluatePayload(definition: AslDefinition, stateName: string, input: Json, context: Json): Json {
  const state = definition.States[stateName];
  if (!state) throw new Error(`the definition has no state "${stateName}" (states: ${Object.keys(definition.States).join(', ')})`);
  if (state.Arguments !== undefined) throw new Error(`state ${stateName} uses JSONata Arguments; extend test-fixtures/state-input.ts`);
  const parameters = state.Parameters as Record<string, unknown> | undefined;
  if (parameters === undefined) return input;
  const payload = String(state.Resource).endsWith(':::lambda:invoke') ? ((parameters.Payload ?? parameters['Payload.$']) as Json) : parameters;
  return evaluate(payload, { input, context });
}

interface Scope {
  readonly input: Json;
  readonly context: Json;
}

function evaluate(template: Json, scope: Scope): Json {
  if (Array.isArray(template)) return template.map((t) => evaluate(t, scope));
  if (typeof template !== 'object' || template === null) return template;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = expression(String(value), scope);
    else out[key] = evaluate(value, scope);
  }
  return out;
}

function expression(text: string, scope: Scope): Json {
  const format = /^States\.Format\('((?:[^'\\]|\\.)*)',\s*(.+)\)$/.exec(text);
  if (format) {
    const args = format[2].split(',').map((a) => expression(a.trim(), scope));
    let i = 0;
    return format[1].replace(/\{\}/g, () => String(args[i++]));
  }
  if (text.startsWith('$$')) return path(scope.context, text.slice(2), text);
  if (text.startsWith('$')) return path(scope.input, text.slice(1), text);
  throw new Error(`unsupported expression ${text}; extend test-fixtures/state-input.ts`);
}

function path(root: Json, rest: string, text: string): Json {
  if (rest === '') return root;
  if (!/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(rest)) throw new Error(`unsupported path ${text}; extend test-fixtures/state-input.ts`);
  let value: Json = root;
  for (const name of rest.slice(1).split('.')) {
    if (typeof value !== 'object' || value === null || !(name in value)) throw new Error(`${text}: no "${name}" in ${JSON.stringify(value).slice(0, 200)}`);
    value = (value as Record<string, Json>)[name];
  }
  return value;
}
