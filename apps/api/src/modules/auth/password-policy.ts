/** Operator passwords: long enough, not the username, not a well-known weak one (4(4)②: hard to guess). */
const WEAK = ['password', 'passw0rd', 'admin', 'letmein', 'qwerty', '123456', 'welcome', 'changeme', 'p@ssw0rd'];

export function passwordProblems(password: string, username: string, minLength: number): string[] {
  const problems: string[] = [];
  if (password.length < minLength) problems.push(`must be at least ${minLength} characters`);
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('must not contain the username');
  if (WEAK.some((w) => lower.replace(/[^a-z0-9@]/g, '').startsWith(w) && lower.length < w.length + 6)) problems.push('is a well-known weak password');
  if (new Set(password).size < 4) problems.push('must use at least 4 different characters');
  return problems;
}
