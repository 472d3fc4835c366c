import { Option, type Command } from 'commander';

interface ProvisionOptions {
  group: string;
  stream?: string;
  from: 'start' | 'end';
}

async function provision(options: ProvisionOptions): Promise<void> {
  // Loaded here, not at the top: `parley --help` must not load the gRPC client (src/cli/parley.ts).
  const { loadConfig } = await import('../config/config');
  const { provisionSubscription } = await import('../feeds/native/provision-subscription');
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
  subscriptions
    .command('rotate-secret <id>')
    .description(
      'webhooks: give a subscription of PARLEY_DB a new signing secret, printed once; the old one keeps signing beside it for PARLEY_WEBHOOK_SECRET_GRACE (24h)',
    )
    .action((id: string) => rotateWebhookSecret(id));
}

/** `parley subscriptions rotate-secret <id>`, on the database file itself (no server needed). */
async function rotateWebhookSecret(id: string): Promise<void> {
  const { loadConfig } = await import('../config/config');
  const { openDatabase } = await import('../database/open-database');
  const { SubscriptionStore } = await import('../feeds/webhooks/subscription.store');
  const { rotateSecret } = await import('../feeds/webhooks/rotate-secret');
  const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
  const db = openDatabase(config.PARLEY_DB);
  try {
    const rotation = rotateSecret(
      new SubscriptionStore(db),
      id,
      config.PARLEY_WEBHOOK_SECRET_GRACE,
      new Date(),
    );
    if (!rotation) throw new Error(`No webhook subscription with id ${id} in ${config.PARLEY_DB}`);
    process.stdout.write(
      `secret:     ${rotation.secret}\nold secret: signs too until ${rotation.previousSecretExpiresAt}\n`,
    );
  } finally {
    db.close();
  }
}
