import type { DataCommand } from '../command.ts';
import { createUserCommand } from './admin-create-user.ts';
import { calendarCommand, syncCommand } from './capture.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { logCommand } from './log.ts';
import { migrateCommand } from './migrate.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { todayCommand } from './today.ts';

/** Every data command, by the name typed after `kith`; the server's local route runs the same ones. */
export const DATA_COMMANDS: ReadonlyMap<string, DataCommand> = new Map(
  [
    todayCommand,
    logCommand,
    importCommand,
    calendarCommand,
    syncCommand,
    exportCommand,
    createUserCommand,
    seedDemoCommand,
    migrateCommand,
  ].map((c) => [c.name, c as unknown as DataCommand] as const),
);
