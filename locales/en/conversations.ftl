# The Conversations screen: the list and its rows, the open conversation
# (history, assistant control, ownership, composer, unsent writes) and the
# contact panel. Ids start with conv-.

## List (ConversationList.svelte)

conv-list = Conversation list
conv-search-label = Search conversations
conv-search-placeholder = Search contacts and messages
conv-search-scope = Finds conversations by the contact's name, email or phone, or by words in their messages
conv-filter-group = Filter by status
# Filter chips: each names the conversations it shows.
conv-filter-all = All
conv-filter-open = Open
conv-filter-closed = Closed
conv-filter-transferred = Transferred
conv-filter-selected = Selected
conv-filter-mine = Mine
conv-filter-searching = Search covers every conversation
conv-list-failed = Couldn't load conversations: { $error }
conv-search-incomplete = Results may be incomplete: older messages are still downloading.
conv-search-incomplete-percent = Results may be incomplete: older messages are still downloading ({ $percent }%).
conv-new-activity = ↑ New activity
conv-search-results = Search results
conv-conversations = Conversations
conv-empty-search-title = No results
conv-empty-search = Nothing matches “{ $query }”.
conv-empty-syncing-title = Syncing conversations…
conv-empty-syncing = They appear here as the first sync brings them in.
conv-empty-none-title = No conversations yet
conv-empty-none = New conversations appear here as customers write in.
conv-empty-interrupted-title = No conversations saved on this computer yet
conv-empty-interrupted = They appear here once the sync can bring them in (the message above says what stops it).
conv-empty-open-title = No open conversations
conv-empty-open = The assistant is not handling any conversation right now.
conv-empty-closed-title = No closed conversations
conv-empty-transferred-title = Nobody is waiting
conv-empty-transferred = Transferred conversations appear here.
conv-empty-selected-title = No conversation selected
conv-empty-selected = Open a conversation to see it here.
conv-empty-mine-title = You are not handling any conversation
conv-empty-mine = Conversations you take, pause or reply to appear here.
conv-empty-all-title = No conversations

## Rows (ConversationListRow.svelte)

# Before a search snippet: the field that matched.
conv-matched-name = Name
conv-matched-email = Email
conv-matched-phone = Phone
conv-matched-message = Message
conv-handling-you = You are handling this
conv-handling-other = { $name } is handling this
# $duration: how long ago, e.g. "5 min".
conv-replied = { $name } replied { $duration } ago
conv-replied-someone = An agent replied { $duration } ago
# $duration: how long the customer has waited for a human, e.g. "12 min".
conv-waiting = Waiting { $duration }
conv-transferred = Transferred
conv-badge-closed = Closed
conv-badge-paused = Paused
conv-badge-blocked = Blocked
conv-snoozed = Snoozed
# $time: e.g. "14:00", or "Tue 12 Mar, 14:05" when not today.
conv-snoozed-until = Snoozed until { $time }
conv-snoozed-title = Put off by a person: nobody waits for it until then
conv-snoozed-next-reply-title = Put off by a person until the customer writes again
conv-unconfirmed = { $count } change(s) not yet confirmed
conv-badge-queued = Queued
conv-sending = Sending…
conv-queued-offline = Queued until back online

## Open conversation (ChatPane.svelte)

conv-open-failed = Couldn't open this conversation
conv-open-not-found = It no longer exists in the local cache.
conv-unknown-contact = Unknown contact
conv-status-transferred = Transferred
conv-status-transferred-reason = Transferred: { $reason }
conv-status-waiting = · waiting { $duration }
conv-status-closed = Closed
conv-status-open = Open
conv-release = Release
conv-releasing = Releasing…
conv-release-title = Nobody handles it any more: transfers wait and remind again
conv-release-other-title = Put it back in the queue: { $name } no longer handles it, and transfers wait and remind again
conv-take = Take
conv-taking = Taking…
conv-take-title = Handle this conversation yourself: others see you took it
conv-take-title-from = Take over from { $name }
conv-close = Close conversation
conv-closing = Closing…
conv-dismiss = Dismiss
conv-messages-with = Messages with { $name }
conv-loading-older = Loading older messages…
conv-older-not-downloaded = Older messages aren't downloaded yet: they load when Switchboard is back online.
conv-load-older = Load older messages
conv-start = Start of the conversation
conv-opening = Opening…
conv-reply-closed = This conversation is closed.
conv-reply-blocked = The user is blocked: replies are off.
conv-reply-pause-first = Pause the assistant to reply yourself.
conv-older-failed = Couldn't load older messages: { $error }
conv-reveal-failed = Couldn't load the message: { $error }
conv-reveal-not-downloaded = That message isn't downloaded yet: it loads when Switchboard is back online.
conv-reveal-gone = That message is no longer in this conversation's history.
# Said to a screen reader when a reply reached the customer.
conv-reply-sent = Reply sent
conv-signed-out = You are signed out: sign in again to act.
# Asked before acting on a conversation someone else handles.
conv-take-over-question = { $name } is handling this — take over?
conv-release-other-question = { $name } is handling this — release it, so that nobody handles it?
conv-take-over-pause-question = { $name } is handling this — take over and pause the assistant?
conv-take-over-send-question = { $name } is handling this — take over and send?
conv-take-over-body = You will be shown as handling this conversation instead, to everyone.
conv-take-over = Take over
conv-take-over-pause = Take over and pause
conv-take-over-send = Take over and send
conv-someone-else = Someone else
conv-take-unreachable = Couldn't take this conversation: the server can't be reached. Nothing was changed; try again when back online.
conv-release-unreachable = Couldn't release this conversation: the server can't be reached. Nothing was changed; try again when back online.
conv-take-failed = Couldn't take this conversation: { $error }
conv-release-failed = Couldn't release this conversation: { $error }
conv-block-question = Block { $name }?
conv-block-body = The assistant will stop answering and the customer can no longer interact with it. Their messages are still kept. You can unblock later.
conv-block-confirm = Block user

## System events in the history (MessageItem.svelte)

# $reason: the assistant's reason, as it wrote it.
conv-event-transferred = Transferred to a human: { $reason }
# $name: the agent who made the change.
conv-event-paused = Assistant paused
conv-event-paused-by = Assistant paused by { $name }
conv-event-resumed = Assistant resumed
conv-event-resumed-by = Assistant resumed by { $name }
conv-event-blocked = User blocked
conv-event-blocked-by = User blocked by { $name }
conv-event-closed = Conversation closed
conv-event-closed-by = Conversation closed by { $name }

## Assistant control (AssistantControl.svelte)

conv-assistant-control = Assistant control
conv-assistant-active = Assistant Active
conv-assistant-paused = Assistant Paused
conv-assistant-blocked = User Blocked
conv-assistant-saving = saving…
conv-managers-only = Only a manager can block or unblock a customer

## Messages (MessageBubble, MessageText, Composer, OutboxEntry)

conv-agent = Agent
# Heard by screen readers before a bubble that shows no name.
conv-author-customer = Customer:
conv-author-assistant = Assistant:
conv-open-link = Open in browser: { $url }
conv-reply-to = Reply to { $name }
conv-reply-placeholder = Reply to { $name }…  (Enter to send, Shift+Enter for a new line)
conv-send = Send
conv-retry = Retry
conv-discard = Discard
# $error: why the backend refused it, else conv-rejected.
conv-not-sent = Not sent: { $error }
conv-rejected = rejected
# Why the server refused a write, by its code (OutboxEntry.svelte).
conv-write-error-closed = the conversation is closed
conv-write-error-handled = someone else is handling this conversation
conv-write-error-gone = the conversation no longer exists
conv-write-error-too-long = the reply is too long
conv-write-error-past-retry-window = not sent within 3 days, so it was given up; retrying sends it as a new write
conv-close-failed = Closing the conversation failed: { $error }
conv-resume-failed = Resuming the assistant failed: { $error }
conv-pause-failed = Pausing the assistant failed: { $error }
conv-block-failed = Blocking the user failed: { $error }

## Contact panel (ContactPanel.svelte)

conv-contact-not-cached = This contact is not in the local cache yet.
conv-contact-failed = Couldn't load the contact: { $error }
conv-phone = Phone
conv-email = Email
conv-copy-phone = Copy phone
conv-copy-email = Copy email
conv-copy-phone-value = Copy phone { $value }
conv-copy-email-value = Copy email { $value }
conv-copied = Copied
conv-copy-failed = Couldn't copy
conv-not-provided = Not provided
conv-see-more = See more
conv-see-less = See less
conv-external-id = External ID
conv-chat-id = Chat ID
conv-other-data = Other data
conv-nothing-else = Nothing else collected
conv-previous = Previous conversations
conv-no-previous = No other conversations with this contact.
# A previous conversation's status, in lower case.
conv-previous-status = { $status ->
    [open] open
    [closed] closed
   *[transferred] transferred
}
# A badge per transfer reason; $count: how many times, when more than once.
conv-transferred-badge = transferred: { $reason }
conv-transferred-badge-times = transferred: { $reason } ({ $count }×)
conv-no-reason = no reason given
conv-unanswered = unanswered
conv-unanswered-title = { $count ->
    [one] The assistant could not answer 1 question
   *[other] The assistant could not answer { $count } questions
}
conv-loading-contact = Loading contact…
