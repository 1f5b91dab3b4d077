export { createLogger, type Logger, type LoggerOptions } from './create-logger';
export { kafkajsLogCreator } from './kafkajs-log-creator';
