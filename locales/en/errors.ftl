# Why a command failed, one sentence per error code (ui/src/lib/errors.ts).
# The shell's own English text follows some of them as a detail.

app-error-not-signed-in = You are not signed in.
app-error-unauthorized = The server refused the token. Sign in again.
app-error-invalid-input = This request can't be carried out.
app-error-insecure-connection = The connection to this server is not encrypted.
app-error-unsent-writes-of-another-user = Another account's changes have not been sent yet.
app-error-account-not-found = This user is not a member of that account.
app-error-not-found = It no longer exists here.
# $holder: the colleague who handles the conversation.
app-error-handled-by = { $holder } is handling this conversation.
app-error-handled-by-someone-else = Someone else is handling this conversation.
app-error-unreachable = The server can't be reached. Try again later.
app-error-store = The local cache failed.
app-error-cache-damaged = The local cache file is damaged: restart Switchboard to rebuild it.
app-error-internal = Something went wrong.
# $sentence: one of the above; $detail: the technical error, in English.
app-error-with-detail = { $sentence } Details: { $detail }
