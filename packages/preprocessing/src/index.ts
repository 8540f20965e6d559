export { designButterBandpass } from './filter/designButterBandpass';
export type { ButterBandpassOptions } from './filter/designButterBandpass';
