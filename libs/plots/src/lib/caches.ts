import { resetDom } from './dom';
import { resetBaseMaps } from './world';

/**
 * Forgets the shared jsdom window, the parsed world atlas and the projected base maps, so
 * the next chart pays for them again. For benchmarks measuring cold rendering; charts never need it.
 */
export function resetRenderCaches(): void {
  resetDom();
  resetBaseMaps();
}
