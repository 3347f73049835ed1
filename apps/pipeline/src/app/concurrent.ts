// Moved to @ecomlake/util; kept until pipeline.ts imports it from there.
export { mapConcurrent } from '@ecomlake/util';
