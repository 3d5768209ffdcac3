import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/media.ts';

afterAll(removeTempDirs);
