/**
 * Secrets that ship with the project (the compose file's placeholder, the development default):
 * anyone who has read the repository knows them, so with one of them in production anybody can
 * sign unsubscribe links for every customer.
 */
export const KNOWN_SECRETS = ['touchpoint-development-signing-secret', 'change-me-to-a-long-random-secret'];

/** 32 characters of a random alphabet carry well over 128 bits. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

/** Why a signing secret must not be used in production, or null when it may. */
export function weakSecretReason(secret: string): string | null {
  const normalized = secret.trim().toLowerCase();
  if (KNOWN_SECRETS.includes(normalized)) return 'is a default published with Touchpoint; set a random secret of your own';
  if (/change[-_ ]?me|secret{2,}|^(.)\1*$/.test(normalized)) return 'is a placeholder; set a random secret of your own';
  if (secret.length < MIN_PRODUCTION_SECRET_LENGTH)
    return `must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production (e.g. openssl rand -base64 48)`;
  if (new Set(secret).size < 10) return 'repeats too few characters to be random; set a random secret of your own';
  return null;
}
