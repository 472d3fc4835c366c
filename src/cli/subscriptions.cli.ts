import { Option, type Command } from 'commander';
import { loadConfig } from '../config/config';
import { provisionSubscription } from '../feeds/native/provision-subscription';

interface ProvisionOptions {
  group: string;
  stream?: string;
  from: 'start' | 'end';
}

async function provision(options: ProvisionOptions): Promise<void> {
  const config = loadConfig();
  if (config.PARLEY_EVENT_STORE !== 'eventstoredb' || !config.EVENTSTORE_CONNECTION_STRING) {
    throw new Error(
      'Persistent subscriptions live in EventStoreDB: set PARLEY_EVENT_STORE=eventstoredb and EVENTSTORE_CONNECTION_STRING',
    );
  }
  const result = await provisionSubscription({
    connectionString: config.EVENTSTORE_CONNECTION_STRING,
    group: options.group,
    from: options.from,
    ...(options.stream ? { stream: options.stream } : {}),
  });
  process.stdout.write(
    result.created
      ? `created persistent subscription group ${result.group} on ${result.stream}\n`
      : `persistent subscription group ${result.group} on ${result.stream} exists already; left as it is\n`,
  );
}

export function registerSubscriptionCommands(program: Command): void {
  const subscriptions = program
    .command('subscriptions')
    .description('subscriptions for downstream services that read EventStoreDB directly');
  subscriptions
    .command('provision')
    .description(
      "create a persistent subscription group (round robin, retries, checkpoints) on $all filtered to parley's streams, or on a stream such as $ce-dyad",
    )
    .requiredOption('--group <name>', 'the group name your consumers join')
    .option('--stream <stream>', 'a stream instead of $all, e.g. $ce-dyad (links are resolved)')
    .addOption(
      new Option('--from <where>', 'start from the beginning of history or from now')
        .choices(['start', 'end'])
        .default('start'),
    )
    .action((options: ProvisionOptions) => provision(options));
}
