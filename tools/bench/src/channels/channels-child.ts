// Entry of one measuring process of the channels suite: argv[2] is a MeasureRequest as JSON; the
// last line on stdout is the ComparisonRuns[] as JSON.
import { measureChannels, type MeasureRequest } from './measure-channels.js';

const request = JSON.parse(process.argv[2] ?? '') as MeasureRequest;
const results = await measureChannels(request);
process.stdout.write(`${JSON.stringify(results)}\n`);
