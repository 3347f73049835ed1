export { salesTrendSvg, type SalesTrendOptions } from './lib/sales-trend';
export {
  layoutBubbleMap,
  type BubbleMapOptions,
  type BubbleMapLayout,
  type BubbleFrame,
  type Bubble,
  type BubbleLabel,
  type UnmappedCountry,
} from './lib/bubble-layout';
export { bubbleMapSvgs, bubbleMapFrameSvg, bubbleMapBaseSvg, bubbleMapOverlaySvg, type BubbleMapSvgs } from './lib/bubble-map';
export { bubbleMapImages, type BubbleMapImages, type BubbleMapImagesOptions } from './lib/bubble-map-images';
export { locateCountry } from './lib/locate-country';
export type { CountryPoint } from './lib/country-locations';
export { orderValueDistributionSvg, type OrderValueDistributionOptions } from './lib/order-value-distribution';
export { customerOrdersSvg, type CustomerOrdersOptions } from './lib/customer-orders';
export { noDataSvg, type NoDataOptions } from './lib/no-data';
export { toPng, toAnimation, FrameSizeError, NoFramesError, type PngOptions, type AnimationOptions, type AnimationFormat, type RawImage } from './lib/raster';
export { theme, type Theme } from './lib/theme';
export { formatCount, formatMonth, formatDay } from './lib/format';
export { textWidth, truncateText, wrapText } from './lib/text-width';
export { renderCharts, topCustomer, type ChartsInput, type RenderChartsOptions, type RenderedCharts, type ChartFile, type ChartName } from './lib/render-charts';
