import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Image, readPng } from './png.js';

/** Headless Chromium where the machine has it; tests that need it skip without it. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

/** Renders an HTML file in headless Chromium at a window size and reads back the screenshot. */
export function screenshot(html: string, png: string, size: [number, number]): { image: Image; status: number | null } {
  const r = spawnSync(
    CHROMIUM!,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${png}`, `--window-size=${size[0]},${size[1]}`, `file://${html}`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (!existsSync(png)) throw new Error(`Chromium wrote no screenshot (exit ${r.status}): ${r.stderr}`);
  return { image: readPng(png), status: r.status };
}

/** Whether a pixel is within 8 of a colour in each channel (anti-aliased edges are not). */
export function isColor(image: Image, x: number, y: number, rgb: [number, number, number]): boolean {
  const [r, g, b] = image.pixel(x, y);
  return Math.abs(r - rgb[0]) < 8 && Math.abs(g - rgb[1]) < 8 && Math.abs(b - rgb[2]) < 8;
}
