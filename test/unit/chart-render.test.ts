import { chartAltText, chartHash, chartPng, chartSvg } from '../../src/charts/say-do-chart';

const data = {
  weeks: Array.from({ length: 8 }, (_, i) => ({
    label: `Oct ${i + 1}`,
    keptOnTime: i,
    keptLate: 1,
    moved: i % 2,
    missed: i % 3,
    wins: 2,
    losses: 1,
  })),
};

describe('the say/do chart', () => {
  it('draws both panels with their titles as SVG, then a PNG', async () => {
    const svg = await chartSvg(data);
    expect(svg).toContain('Your say/do, week by week');
    expect(svg).toContain('outcomes, week by week');
    const png = await chartPng(data);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('says its numbers in words and is keyed by them', () => {
    expect(chartAltText(data)).toContain('28 kept on time, 8 kept late, 4 moved before due, 7 missed');
    expect(chartAltText(data)).toContain('16 wins, 8 losses');
    const other = { weeks: data.weeks.map((w, i) => (i === 0 ? { ...w, missed: 9 } : w)) };
    expect(chartHash(other)).not.toBe(chartHash(data));
    expect(chartHash({ weeks: [...data.weeks] })).toBe(chartHash(data));
  });
});
