import { loadConfig } from './config.js';
import { startServer } from './server-start.js';

try {
  await startServer(loadConfig());
} catch (error) {
  console.error(`Maturity Radar could not start: ${(error as Error).message}`);
  process.exit(1);
}
