# The Review screen and its settings. Ids start with review-.
#
# $period in sentences is one of review-period-*: a phrase that names the
# period where a time phrase goes ("yesterday", "in the last 7 days").

## Periods (review.ts)

review-period-yesterday = yesterday
review-period-today = today
review-period-last-days = in the last { $days } days
review-period-custom = in this period
# The dates of the period shown, when it spans more than one day.
review-period-dates = { $first } – { $last }

## Copied for the Knowledge Base (review.ts)

review-kb-title = Questions the assistant couldn't answer:
# One group of similar questions: its first wording and how often it was asked.
review-kb-group = { $count ->
    [one] { $question } — asked 1 time
   *[other] { $question } — asked { $count } times
}
review-kb-not-downloaded = (question not downloaded)

## Screen (ReviewScreen.svelte)

review-period = Period
review-yesterday = Yesterday
review-today = Today
review-week = Last 7 days
review-custom = Custom…
review-from = From
review-to = to
review-progress = { $reviewed } of { $items } reviewed
review-show-reviewed = Show reviewed
review-settings = Review settings
review-dismiss = Dismiss
review-compute-failed = Couldn't compute the review: { $error }
review-mark-failed = Couldn't save the mark: { $error }
review-kb-copied = { $count ->
    [one] Copied 1 question for the Knowledge Base.
   *[other] Copied { $count } questions for the Knowledge Base.
}
review-copy-failed = Couldn't copy to the clipboard.
review-saved = Saved { $path }
review-export-failed = Couldn't export: { $error }
review-incomplete = { $count ->
    [one] the history of 1 conversation { $period } isn't downloaded, so this review may be incomplete.
   *[other] the history of { $count } conversations { $period } isn't downloaded, so this review may be incomplete.
}
review-incomplete-offline = { $count ->
    [one] Offline: the history of 1 conversation { $period } isn't downloaded, so this review may be incomplete. It completes when Switchboard is back online.
   *[other] Offline: the history of { $count } conversations { $period } isn't downloaded, so this review may be incomplete. It completes when Switchboard is back online.
}
review-pick-days = Pick the first and last day of the period.
review-computing = Computing the review…
review-downloading = Downloading the history { $period } first…
review-downloaded-label = Conversations downloaded
review-downloaded = { $done } of { $total } conversations. A review over part of the history would miss questions.
review-show-partial = Show what's there now
review-still-downloading = { $count ->
    [one] Still downloading 1 conversation: the counts may grow.
   *[other] Still downloading { $count } conversations: the counts may grow.
}
review-copy-kb = Copy for the Knowledge Base
review-export = Export CSV
review-folded = { $count ->
    [one] 1 reviewed item hidden ·
   *[other] { $count } reviewed items hidden ·
}
review-show = Show
review-unknown-contact = Unknown contact

## Unanswered questions

review-unanswered = Unanswered questions
review-unanswered-none = Nothing unanswered { $period } — the assistant had an answer for every question.
review-unanswered-hint = The assistant couldn't answer these: add the answers to the Knowledge Base. Similar questions are grouped, biggest first.
review-asked = { $count ->
    [one] Asked 1 time
   *[other] Asked { $count } times
}
review-mark-all = Mark all { $count } reviewed
review-question-not-downloaded = (the question isn't downloaded)
# What the assistant answered (customer-facing text follows).
review-assistant-said = Assistant: { $text }
review-show-more = Show { $count } more
review-show-fewer = Show fewer

## Recurring topics

review-topics = Recurring topics
review-topics-none = No questions about price, opening hours or your topics { $period }.
review-topics-chart = Customer messages per topic
review-topic-counts = { $name }: { $messages ->
    [one] 1 message
   *[other] { $messages } messages
} in { $conversations ->
    [one] 1 conversation
   *[other] { $conversations } conversations
}
review-topic-unanswered = · { $count } unanswered
review-asked-count = asked { $count }×
review-asked-count-unanswered = asked { $count }× · { $unanswered } unanswered

## Transfers

review-transfers = Transfers
review-transfers-none = No transfers { $period }: the assistant handled every conversation.
review-time-to-human = Time to a human
review-time-to-human-median = Time to a human, median
review-p90 = 90th percentile
review-longest-waiting = Longest still waiting
review-nobody = nobody
review-by-reason = Transfers by reason
review-no-reason = No reason given
review-repeated = Transferred more than once in 30 days
review-repeated-contact = { $count ->
    [one] { $name } — 1 transfer
   *[other] { $name } — { $count } transfers
}
review-human-replied = a human replied after { $duration }
review-no-human-reply = no human reply ({ $resolution })
review-still-waiting = still waiting for a human
review-hours-none = No transfers by hour
review-hours = Transfers by hour of the day; the most at { $hour } ({ $count })

## Leads gone quiet

review-quiet-leads = Leads gone quiet
review-quiet-none = No leads went quiet { $period }: every interested customer kept talking.
review-quiet-hint = They asked about buying, then stopped answering. Newest first, with the assistant's last message.
review-last-wrote = last wrote { $time }

## One item (ReviewItem.svelte)

review-open-title = Open in its conversation (Enter)
review-mark = Mark reviewed
review-mark-title = Mark reviewed (e)
review-reviewed = Reviewed ✓
review-unmark-title = Mark as not reviewed (e)

## Settings (ReviewSettingsDialog.svelte)

review-quiet-after = A lead has gone quiet after
review-quiet-after-hours = hours without a reply
review-phrases = Phrases that mean the assistant couldn't answer (one per line)
review-phrases-note = Used where the backend doesn't mark such replies itself; saving applies them to the replies already downloaded.
review-your-topics = Your topics (price and opening hours are built in)
review-topic-name = Topic name
review-topic-name-placeholder = Name
review-topic-keywords = Keywords of { $name }
review-topic-keywords-unnamed = Keywords of the topic
review-keywords-placeholder = Keywords, comma separated
review-remove-topic = Remove { $name }
review-remove-unnamed = Remove topic
review-remove = Remove
review-add-topic = Add a topic
