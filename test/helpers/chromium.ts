// Launches Debian's Chromium (or $CHROMIUM_PATH) through playwright-core for the browser tests.
// A missing browser is a failure with the install command, never a skip: `.ci/run` installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Path of the system Chromium, or an error saying how to install it. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH',
    );
  }
  return found;
}

/** A headless Chromium; extra command-line switches (fake media devices, ...) in `args`. */
export async function launchChromium(args: string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    ...options,
    args: [...rootArgs, '--disable-gpu', '--disable-dev-shm-usage', ...args],
  });
}
