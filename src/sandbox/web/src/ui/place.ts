/** Where the acting person is looking: a channel, or the app (its Home tab or its Messages tab, the DM). */
export type Place = { kind: 'channel'; id: string } | { kind: 'app'; tab: 'home' | 'messages' };
