/** API tokens are `fp_` + 32 random bytes in base64url: recognisable in logs and secret scanners. */
export const TOKEN_PREFIX = 'fp_';
export const TOKEN_PATTERN = /^fp_[A-Za-z0-9_-]{43}$/;

/** Single sign-on session tokens are `fps_` + 32 random bytes, so a request's prefix says where to look it up. */
export const SESSION_TOKEN_PREFIX = 'fps_';
export const SESSION_TOKEN_PATTERN = /^fps_[A-Za-z0-9_-]{43}$/;
