# The shell: sign-in, top bar, status banner, help, dialogs, settings, and
# the desktop's tray, window title and notifications.
# Ids are prefixed by area: app-, tray-, notify-.

## Desktop notifications (Rust: src-tauri/src/notifications)

# A customer was transferred to a human. $name: the contact's name.
notify-transfer-summary = { $name } — conversation transferred
notify-reason = Reason: { $reason }
# Stands in for a contact whose name is not known yet.
notify-someone = A customer
# Many transfers at once, in one notification.
notify-transfers-summary = { $count ->
    [one] 1 customer waiting
   *[other] { $count } customers waiting
}
notify-transfers-body = Conversations were transferred to a human. Open Switchboard to answer them.
notify-reminder-summary = { $name } is still waiting
notify-reminders-summary = { $count ->
    [one] 1 customer still waiting
   *[other] { $count } customers still waiting
}
notify-reminders-body = Transferred conversations have not been answered yet.
# A transfer nobody took. $minutes: how long it has waited.
notify-escalation-summary = { $minutes ->
    [one] Nobody took { $name }'s transfer for 1 min
   *[other] Nobody took { $name }'s transfer for { $minutes } min
}
notify-escalations-summary = { $count ->
    [one] Nobody took 1 transfer
   *[other] Nobody took { $count } transfers
}
notify-escalations-body = { $minutes ->
    [one] Customers have waited up to 1 min for someone to take them. Open Switchboard to hand them out.
   *[other] Customers have waited up to { $minutes } min for someone to take them. Open Switchboard to hand them out.
}
# The daily review reminder: "Yesterday: " and the counts that are not zero.
notify-daily-summary = Yesterday: { $counts }
notify-daily-unanswered = { $count ->
    [one] 1 unanswered question
   *[other] { $count } unanswered questions
}
notify-daily-transfers = { $count ->
    [one] 1 transfer
   *[other] { $count } transfers
}
notify-daily-quiet-leads = { $count ->
    [one] 1 lead went quiet
   *[other] { $count } leads went quiet
}
notify-daily-body = Open the Review to go through them.
notify-action-open = Open
notify-action-take = Take
notify-keeps-running-summary = Switchboard keeps running in the tray
notify-keeps-running-body = You will still be alerted when a customer is transferred. To quit, choose Quit in the tray menu or press Ctrl+Q in the window.

## Tray and window title (Rust: src-tauri/src/tray.rs, waiting.rs)

tray-waiting = { $count ->
    [0] No customers waiting
    [one] 1 customer waiting
   *[other] { $count } customers waiting
}
tray-open = Open Switchboard
tray-pause = Pause notifications
tray-quit = Quit
# The window title while customers wait; the count comes first so that it
# shows in task bars that cut long titles.
app-window-title-waiting = ({ $count }) Switchboard — { $count } waiting

## Start-up (App.svelte)

app-start-failed = Switchboard couldn't start
app-try-again = Try again
app-session-ended = Your session has ended (the token was revoked or expired). Sign in again to continue.
app-launch-sign-in-failed = The sign-in Switchboard was started with (a server and a token) did not work. Check the server below and enter a token to sign in.
app-cache-set-aside-title = The local cache was damaged
app-cache-set-aside = Switchboard couldn't read its local cache, so it set the file aside and started a new one, which the sync fills again (sign in again if you're asked to). Replies not yet sent, review marks and settings stayed in the old file: { $path }
app-dismiss = Dismiss
app-cache-damaged-title = The local cache is damaged
app-cache-damaged = Switchboard couldn't read part of the file where it keeps conversations on this computer. Restart it: the damaged file is set aside (and kept) and a new cache is filled from the server.
app-restart-now = Restart now
app-later = Later

## Why a start failed: the dialog's text (Rust: src-tauri/src/start_failure.rs)

start-failed-newer-schema = The local cache was written by a newer version of Switchboard, which this one cannot read. Install that version again, or update Switchboard. The cache was not changed.
start-failed-disk-full = The disk is full. Free some space, then start Switchboard again.
start-failed-read-only = Switchboard can't write to its data folder. Check that the disk is not read-only and that the folder belongs to you.
start-failed-other = Something went wrong while Switchboard was starting.
# $detail: the technical reason, in English (for a bug report).
start-failed-details = Details: { $detail }

## Sign-in (SignIn.svelte)

app-sign-in-lead = Supervise your assistant's conversations and take over when a customer needs a person.
app-sign-in-url = Backend URL
app-sign-in-token = Access token
app-sign-in-token-keyring = The token is kept in your system keyring, never on disk in plain text.
app-sign-in-token-file-before = No system keyring is available: the token will be kept unencrypted in
app-sign-in-token-file-after = , readable only by your user account.
app-sign-in-unauthorized = The backend rejected this token. Check it and try again.
app-sign-in-unreachable = Can't reach { $url }. Check the address and your connection.
app-sign-in-invalid-url = That doesn't look like a backend address. It should start with https://
app-sign-in-failed = Sign-in failed: { $error }
app-sign-in-busy = Signing in…
app-sign-in = Sign in
app-sign-in-or = or
app-sign-in-demo = Try demo mode
app-sign-in-demo-help = Runs a built-in demo backend with sample conversations.
app-sign-in-insecure-title = Send the token unencrypted?
app-sign-in-insecure-body = { $url } is not this computer and its address starts with http://: anyone on the network between you can read your token and act as you. Use https:// if the backend offers it.
app-sign-in-insecure-confirm = Send the token unencrypted
app-sign-in-discard-title = Sign in and discard unsent work?
app-sign-in-discard-body = Replies and changes queued by the account signed in before were never sent. Signing in as another user discards them; they will not be sent under your name.
app-sign-in-discard-confirm = Discard and sign in

## Top bar (Workspace.svelte)

app-demo = Demo
# The top bar names where the session works. $host: e.g. chat.example.com; $account: the Chatwoot account id.
app-server-chatwoot = Chatwoot · { $host } · account { $account }
app-server-switchboard = { $host }
app-server-title = Signed in to { $url }
app-screens = Screens
app-view-conversations = Conversations
app-view-conversations-title = Conversations (v)
app-view-review = Review
app-view-review-title = Review (v)
app-back-to-review = ← Back to Review
app-back-to-review-title = Back to the Review (b)
app-sync-live = Live
app-sync-connecting = Connecting…
app-sync-catching-up = Catching up…
app-sync-syncing = Syncing…
app-sync-offline = Offline
app-sync-stopped = Not syncing
app-waiting = { $count } waiting
app-waiting-title = Customers waiting for a human that nobody has taken, or that you took. A colleague's waiting customers are counted in their app, and shown in the list.
app-announce-waiting = A customer is waiting for a human. { $count } waiting.
app-notifications-paused = Notifications paused
app-resume = Resume
app-pause-failed = Couldn't pause: { $error }
app-resume-failed = Couldn't resume: { $error }
app-settings = Settings
app-settings-title = Settings (,)
app-shortcuts = Keyboard shortcuts
app-shortcuts-title = Keyboard shortcuts (?)
app-sign-out = Sign out
app-sign-out-discard-title = Sign out and discard unsent work?
app-sign-out-discard-unknown = Replies and actions that have not reached the backend yet would be discarded.
app-sign-out-discard-body = { $count ->
    [one] 1 reply or action has not reached the backend yet. Signing out discards it.
   *[other] { $count } replies or actions have not reached the backend yet. Signing out discards them.
}
app-history-so-far = { $count ->
    [one] History: 1 message so far
   *[other] History: { $count } messages so far
}
app-history-progress = History { $percent }% — { $cached } of { $total } messages
app-history-explanation = Switchboard is downloading older messages in the background, so that search and the review cover every conversation's whole history. You can keep working; live conversations come first.
app-no-conversation = No conversation selected
app-no-conversation-help = Pick one from the list, or use j/k and Enter. Press ? for all shortcuts.
app-conversation = Conversation
app-contact-details = Contact details
app-contact-details-empty = The customer's details appear here.

## Status banner (StatusBanner.svelte)

app-first-sync = First sync
app-first-sync-progress = First sync: { $done } conversations
app-first-sync-progress-of = First sync: { $done } of { $total } conversations
app-offline = Offline
app-offline-since = since { $time } ({ $duration } ago) — showing cached data. Changes you make are kept and sent when the connection returns.
app-details = Details
app-hide-details = Hide details
app-sync-stopped-title = Sync interrupted:
app-sync-stopped-body = Switchboard keeps trying by itself; the data shown may be out of date.
app-sync-problem-disk-full = the disk is full, so nothing new can be saved. Free some space.
app-sync-problem-cache-damaged = the local cache is damaged.
app-sync-problem-cache-failed = the local cache could not be read or written.
app-sync-problem-server-refused = the server refused a request.
app-sync-problem-bad-server-answer = the server sent something this version of Switchboard cannot read.
app-sync-problem-internal = something went wrong inside Switchboard.
app-sign-in-again = Sign in again

## Dialogs (HelpOverlay, ConfirmDialog)

app-close = Close
app-cancel = Cancel
app-or = or
app-shortcut-switch-view = Switch between Conversations and Review
app-shortcut-next = Next conversation
app-shortcut-previous = Previous conversation
app-shortcut-open = Open the highlighted conversation
app-shortcut-search = Search
app-shortcut-escape = Clear the search / leave the reply / close a dialog
app-shortcut-pause-assistant = Pause or resume the assistant
app-shortcut-reply = Reply (while the assistant is paused)
app-shortcut-transferred = Show transferred conversations (again: all)
app-shortcut-back = Back to the Review (after opening one of its items)
app-shortcut-review-next = Review: next / previous item
app-shortcut-review-open = Review: open the item at its message
app-shortcut-review-mark = Review: mark the item reviewed (again: undo)
app-shortcut-settings = Settings
app-shortcut-help = Show this help
app-shortcut-quit = Quit Switchboard

## Settings (NotificationSettingsDialog, ThemeSetting, KeepHistorySetting)

app-settings-paused = Paused until you resume them, or until Switchboard restarts.
app-settings-notifications = Notifications
app-settings-enabled = Show desktop notifications
app-settings-transfers = Alert me on transfers
app-settings-remind = Remind me every
app-settings-remind-minutes = Minutes between reminders
app-settings-remind-after = minutes while a customer waits
app-settings-escalations = Alert me on escalations
app-settings-escalate-after = Escalate after
app-settings-escalate-after-minutes = minutes nobody took a transfer
app-settings-daily = Daily review reminder at
app-settings-daily-time = Daily review reminder time
app-settings-daily-note = Once a day: yesterday's unanswered questions, transfers and leads that went quiet; a click opens the Review. Nothing is shown when there is nothing to review.
# What is wrong with the notification settings form. $max: the minutes in a day.
app-settings-quiet-incomplete = Quiet hours need a start and an end time.
app-settings-quiet-same = Quiet hours must start and end at different times.
app-settings-remind-invalid = Reminders need a whole number of minutes, from 1 to { $max }.
app-settings-escalate-invalid = Escalations need a whole number of minutes, from 1 to { $max }.
app-settings-daily-invalid = The daily review reminder needs a time of day.
app-settings-sound = Play a sound
app-settings-quiet = Quiet hours
app-settings-quiet-start = Quiet hours start
app-settings-quiet-to = to
app-settings-quiet-end = Quiet hours end
app-settings-notify-note = { $manager ->
    [yes] The title bar and the tray count waiting customers either way. Transfers during quiet hours or a pause are not shown later; reminders, escalations and the daily review reminder are, while still due.
   *[no] The title bar and the tray count waiting customers either way. Transfers during quiet hours or a pause are not shown later; reminders and the daily review reminder are, while still due.
}
app-settings-app = App settings
app-settings-background = Keep running in the background when the window is closed
app-settings-login = Start Switchboard when I log in
app-settings-background-note = In the background, transfers still alert you and the tray brings the window back. To quit, use Quit in the tray menu or press Ctrl+Q.
app-settings-keep-history = Keep history for
app-settings-keep-history-note = Older messages are removed from this computer and not downloaded: search and the review cover only the history kept. They stay on the server.
app-history-not-kept = Older messages are not kept
app-history-not-kept-for = Older messages are not kept (history: { $period })
app-search-range = { $keep ->
    [year] Results cover the last 1 year: older messages are not kept.
   *[other] Results cover the last 90 days: older messages are not kept.
}
app-keep-history-all = all
app-keep-history-year = 1 year
app-keep-history-days90 = 90 days
app-settings-theme = Colours
app-theme-system = Same as the system
app-theme-light = Light
app-theme-dark = Dark
app-settings-language = Language
app-language-system = Same as the system
app-settings-pause = Pause for now
app-settings-pause-title = Nothing is shown until you resume, or until Switchboard restarts
app-settings-save = Save
app-settings-saving = Saving…
app-settings-save-failed = Couldn't save: { $error }
app-settings-load-failed = Couldn't read the settings: { $error }
app-loading = Loading…

## Chatwoot sign-in (the choice of server, the Chatwoot fields and errors).
app-sign-in-server = Connect to
app-sign-in-server-switchboard = Switchboard backend
app-sign-in-server-chatwoot = Chatwoot
app-sign-in-chatwoot-url = Chatwoot URL
app-sign-in-chatwoot-url-example = https://chat.example.com
app-sign-in-chatwoot-account = Account id
app-sign-in-chatwoot-account-help = The number after /app/accounts/ in the address Chatwoot shows in your browser.
app-sign-in-chatwoot-token-help = In Chatwoot: your avatar → Profile settings → Access Token. Copy it here.
app-sign-in-chatwoot-unauthorized = Chatwoot rejected this access token. Copy it again from Profile settings → Access Token.
app-sign-in-chatwoot-account-not-found = The token is valid, but its user is not a member of account { $account }. Check the account id.
app-sign-in-chatwoot-not-chatwoot = No Chatwoot answered at { $url }. Check the address.
app-sign-in-chatwoot-invalid = Check the address (it should start with https://) and the account id (a whole number).
