/** The two colour themes. Without a stored choice the system preference decides. */
export type Theme = 'light' | 'dark';

/** Where the reader's choice is remembered (localStorage). */
export const THEME_STORAGE_KEY = 'osl-theme';

/** The theme in effect: an explicit `data-theme` wins, otherwise the system preference. */
export function effectiveTheme(explicit: string | undefined | null, systemPrefersDark: boolean): Theme {
  if (explicit === 'light' || explicit === 'dark') return explicit;
  return systemPrefersDark ? 'dark' : 'light';
}
