/** Lower-case words of letters and digits joined by single hyphens (also a CHECK in the schema). */
export const DEPARTMENT_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const DEPARTMENT_SLUG_MAX_LENGTH = 60;
export const DEPARTMENT_NAME_MAX_LENGTH = 120;
