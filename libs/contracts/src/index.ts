export const hello = (): string => 'contracts';
