import { AppError } from '@shopgraph/errors';
import { readConfig } from '../../config/src/index.js';
import { helper } from './helper.js';

/** A package may use other packages (by name or path) and its own files. */
export const demo = (): AppError | string => helper(readConfig());
