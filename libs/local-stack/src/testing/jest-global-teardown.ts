export default async function globalTeardown(): Promise<void> {
  await globalThis.__ECOMLAKE_STACK__?.stop();
  globalThis.__ECOMLAKE_STACK__ = undefined;
}
