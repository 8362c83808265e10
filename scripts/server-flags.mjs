// The Node flags the production server runs with (`npm start`, `npm run preview`), read from package.json,
// so that the benchmarks start it exactly as it is served.
import { readFileSync } from 'node:fs';

const { preview } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
export const SERVER_NODE_FLAGS = preview.split(/\s+/).filter((word) => word.startsWith('--'));
