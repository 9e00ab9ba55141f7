/**
 * Settings of a single combined broker/controller. Replication factor and min ISR are 1 so
 * that consumer groups and transactions work on one node; internal topics get few partitions
 * so that the first group or transaction does not wait for fifty of them to be created.
 */
export function brokerProperties(port: number, controllerPort: number, dataDir: string): string {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    'log.retention.hours': 24,
    'log.segment.bytes': 67_108_864,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
    .concat('\n');
}

/** Broker log: warnings from everything, start-up and shutdown milestones from the server. */
export function log4jProperties(): string {
  return [
    'appender.out.type = Console',
    'appender.out.name = out',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = WARN',
    'rootLogger.appenderRef.out.ref = out',
    'logger.server.name = kafka.server',
    'logger.server.level = INFO',
    '',
  ].join('\n');
}
