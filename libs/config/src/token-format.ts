/** API tokens are `fp_` + 32 random bytes in base64url: recognisable in logs and secret scanners. */
export const TOKEN_PREFIX = 'fp_';
export const TOKEN_PATTERN = /^fp_[A-Za-z0-9_-]{43}$/;
