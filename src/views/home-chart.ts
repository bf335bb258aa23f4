/**
 * The Home tab's chart block: the picture beside the numbers already written above it (never instead
 * of them), with alt text that says the numbers for screen readers.
 */
import type { KnownBlock } from '@slack/types';
import { chartAltText, type ChartData } from '../charts/say-do-chart';

export interface ChartImage {
  fileId: string;
  data: ChartData;
}

export const CHART_TITLE = 'Your last 8 weeks in a picture';

export function chartBlocks(chart: ChartImage | null | undefined): KnownBlock[] {
  if (!chart) return [];
  return [
    {
      type: 'image',
      slack_file: { id: chart.fileId },
      alt_text: chartAltText(chart.data),
      title: { type: 'plain_text', text: CHART_TITLE },
    },
  ];
}
