// The declared report zone for week buckets and displayed dates. UTC until the saved settings'
// `reportTimeZone` is readable from the app (lib/config is not there yet).
export const REPORT_TIME_ZONE = 'UTC';
