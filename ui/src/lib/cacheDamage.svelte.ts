// Whether a command found the local cache file damaged (its error's code is
// `cache_damaged`). The shell has noted it, and the next start sets the file
// aside and fills a new cache from the server; the page offers that restart
// at once (App.svelte), whichever screen met the damage.

export const cacheDamage = $state({ found: false });

/** A command failed with `cache_damaged`. */
export function noteCacheDamage() {
  cacheDamage.found = true;
}
