import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ServiceModel, type RawServiceModel } from './service-model.js';

const cache = new Map<string, ServiceModel>();

/** Loads `models/<name>.json` once per process. */
export function loadModel(name: string): ServiceModel {
  let m = cache.get(name);
  if (!m) {
    // Works from src/ (tsx) and dist/src/ (built): models/ sits at the package root in both cases.
    const url = new URL(`../../../${import.meta.url.includes('/dist/') ? '../' : ''}models/${name}.json`, import.meta.url);
    m = new ServiceModel(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as RawServiceModel);
    cache.set(name, m);
  }
  return m;
}
