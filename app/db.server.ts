export { processDb as db } from '../db/handle';
