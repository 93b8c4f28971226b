/** npm run db:migrate — applies pending migrations to DATABASE_PATH. */
import { openDatabase } from './client';
import { env } from './env';
import { applyMigrations } from './migrate';

const db = await openDatabase(env().DATABASE_PATH);
const applied = await applyMigrations(db);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
db.close();
