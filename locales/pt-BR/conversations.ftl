# A tela de Conversas: a lista e suas linhas, a conversa aberta (histórico,
# controle do assistente, responsável, campo de resposta, envios pendentes)
# e o painel do contato. Ids começam com conv-.

## Lista (ConversationList.svelte)

conv-list = Lista de conversas
conv-search-label = Buscar conversas
conv-search-placeholder = Buscar contatos e mensagens
conv-search-scope = Encontra conversas pelo nome, e-mail ou telefone do contato, ou por palavras das mensagens
conv-filter-group = Filtrar por status
conv-filter-all = Todas
conv-filter-open = Abertas
conv-filter-closed = Encerradas
conv-filter-transferred = Transferidas
conv-filter-selected = Selecionada
conv-filter-mine = Minhas
conv-filter-searching = A busca abrange todas as conversas
conv-list-failed = Não foi possível carregar as conversas: { $error }
conv-search-incomplete = Os resultados podem estar incompletos: mensagens antigas ainda estão sendo baixadas.
conv-search-incomplete-percent = Os resultados podem estar incompletos: mensagens antigas ainda estão sendo baixadas ({ $percent }%).
conv-new-activity = ↑ Nova atividade
conv-search-results = Resultados da busca
conv-conversations = Conversas
conv-empty-search-title = Nenhum resultado
conv-empty-search = Nada corresponde a “{ $query }”.
conv-empty-syncing-title = Sincronizando conversas…
conv-empty-syncing = Elas aparecem aqui conforme a primeira sincronização as traz.
conv-empty-none-title = Ainda não há conversas
conv-empty-none = Novas conversas aparecem aqui quando os clientes escrevem.
conv-empty-interrupted-title = Nenhuma conversa salva neste computador ainda
conv-empty-interrupted = Elas aparecem aqui assim que a sincronização conseguir trazê-las (a mensagem acima diz o que a impede).
conv-empty-open-title = Nenhuma conversa aberta
conv-empty-open = O assistente não está atendendo nenhuma conversa agora.
conv-empty-closed-title = Nenhuma conversa encerrada
conv-empty-transferred-title = Ninguém está esperando
conv-empty-transferred = As conversas transferidas aparecem aqui.
conv-empty-selected-title = Nenhuma conversa selecionada
conv-empty-selected = Abra uma conversa para vê-la aqui.
conv-empty-mine-title = Você não está atendendo nenhuma conversa
conv-empty-mine = As conversas que você assumir, pausar ou responder aparecem aqui.
conv-empty-all-title = Nenhuma conversa

## Linhas (ConversationListRow.svelte)

conv-matched-name = Nome
conv-matched-email = E-mail
conv-matched-phone = Telefone
conv-matched-message = Mensagem
conv-handling-you = Você está atendendo
conv-handling-other = { $name } está atendendo
conv-replied = { $name } respondeu há { $duration }
conv-replied-someone = Um atendente respondeu há { $duration }
conv-waiting = Esperando há { $duration }
conv-transferred = Transferida
conv-badge-closed = Encerrada
conv-badge-paused = Pausada
conv-badge-blocked = Bloqueada
conv-snoozed = Adiada
# $time: p. ex. "14:00", ou "ter. 12 mar., 14:05" quando não for hoje.
conv-snoozed-until = Adiada até { $time }
conv-snoozed-title = Adiada por uma pessoa: ninguém espera por ela até lá
conv-snoozed-next-reply-title = Adiada por uma pessoa até o cliente escrever de novo
conv-unconfirmed = { $count ->
    [one] 1 alteração ainda não confirmada
   *[other] { $count } alterações ainda não confirmadas
}
conv-badge-queued = Na fila
conv-sending = Enviando…
conv-queued-offline = Na fila até voltar a conexão

## Conversa aberta (ChatPane.svelte)

conv-open-failed = Não foi possível abrir esta conversa
conv-open-not-found = Ela não existe mais no cache local.
conv-unknown-contact = Contato desconhecido
conv-status-transferred = Transferida
conv-status-transferred-reason = Transferida: { $reason }
conv-status-waiting = · esperando há { $duration }
conv-status-closed = Encerrada
conv-status-open = Aberta
conv-release = Liberar
conv-releasing = Liberando…
conv-release-title = Ninguém mais atende: as transferências esperam e voltam a lembrar
conv-release-other-title = Devolver à fila: { $name } deixa de atender, e as transferências esperam e voltam a lembrar
conv-take = Assumir
conv-taking = Assumindo…
conv-take-title = Atenda você mesmo esta conversa: os outros veem que você a assumiu
conv-take-title-from = Assumir no lugar de { $name }
conv-close = Encerrar conversa
conv-closing = Encerrando…
conv-dismiss = Fechar aviso
conv-messages-with = Mensagens com { $name }
conv-loading-older = Carregando mensagens anteriores…
conv-older-not-downloaded = As mensagens anteriores ainda não foram baixadas: elas carregam quando o Switchboard voltar a ficar online.
conv-load-older = Carregar mensagens anteriores
conv-start = Início da conversa
conv-opening = Abrindo…
conv-reply-closed = Esta conversa está encerrada.
conv-reply-blocked = O usuário está bloqueado: não é possível responder.
conv-reply-pause-first = Pause o assistente para responder você mesmo.
conv-older-failed = Não foi possível carregar as mensagens anteriores: { $error }
conv-reveal-failed = Não foi possível carregar a mensagem: { $error }
conv-reveal-not-downloaded = Essa mensagem ainda não foi baixada: ela carrega quando o Switchboard voltar a ficar online.
conv-reveal-gone = Essa mensagem não está mais no histórico desta conversa.
conv-reply-sent = Resposta enviada
conv-signed-out = Sua sessão foi encerrada: entre novamente para agir.
conv-take-over-question = { $name } está atendendo esta conversa — assumir?
conv-release-other-question = { $name } está atendendo esta conversa — liberar, para que ninguém a atenda?
conv-take-over-pause-question = { $name } está atendendo esta conversa — assumir e pausar o assistente?
conv-take-over-send-question = { $name } está atendendo esta conversa — assumir e enviar?
conv-take-over-body = Você passará a aparecer para todos como responsável por esta conversa.
conv-take-over = Assumir
conv-take-over-pause = Assumir e pausar
conv-take-over-send = Assumir e enviar
conv-someone-else = Outra pessoa
conv-take-unreachable = Não foi possível assumir esta conversa: o servidor está inacessível. Nada foi alterado; tente de novo quando estiver online.
conv-release-unreachable = Não foi possível liberar esta conversa: o servidor está inacessível. Nada foi alterado; tente de novo quando estiver online.
conv-take-failed = Não foi possível assumir esta conversa: { $error }
conv-release-failed = Não foi possível liberar esta conversa: { $error }
conv-block-question = Bloquear { $name }?
conv-block-body = O assistente deixará de responder e o cliente não poderá mais interagir com ele. As mensagens continuam guardadas. Você pode desbloquear depois.
conv-block-confirm = Bloquear usuário

## Eventos do sistema no histórico (MessageItem.svelte)

conv-event-transferred = Transferida para um humano: { $reason }
conv-event-paused = Assistente pausado
conv-event-paused-by = Assistente pausado por { $name }
conv-event-resumed = Assistente retomado
conv-event-resumed-by = Assistente retomado por { $name }
conv-event-blocked = Usuário bloqueado
conv-event-blocked-by = Usuário bloqueado por { $name }
conv-event-closed = Conversa encerrada
conv-event-closed-by = Conversa encerrada por { $name }

## Controle do assistente (AssistantControl.svelte)

conv-assistant-control = Controle do assistente
conv-assistant-active = Assistente ativo
conv-assistant-paused = Assistente pausado
conv-assistant-blocked = Usuário bloqueado
conv-assistant-saving = salvando…
conv-managers-only = Só um gerente pode bloquear ou desbloquear um cliente

## Mensagens (MessageBubble, MessageText, Composer, OutboxEntry)

conv-agent = Atendente
conv-author-customer = Cliente:
conv-author-assistant = Assistente:
conv-open-link = Abrir no navegador: { $url }
conv-reply-to = Responder a { $name }
conv-reply-placeholder = Responder a { $name }…  (Enter para enviar, Shift+Enter para nova linha)
conv-send = Enviar
conv-retry = Tentar de novo
conv-discard = Descartar
conv-not-sent = Não enviada: { $error }
conv-rejected = recusada
conv-write-error-closed = a conversa está encerrada
conv-write-error-handled = outra pessoa está atendendo esta conversa
conv-write-error-gone = a conversa não existe mais
conv-write-error-too-long = a resposta é longa demais
conv-write-error-past-retry-window = não foi enviada em 3 dias e foi abandonada; tentar de novo a envia como nova
conv-close-failed = Falha ao encerrar a conversa: { $error }
conv-resume-failed = Falha ao retomar o assistente: { $error }
conv-pause-failed = Falha ao pausar o assistente: { $error }
conv-block-failed = Falha ao bloquear o usuário: { $error }

## Painel do contato (ContactPanel.svelte)

conv-contact-not-cached = Este contato ainda não está no cache local.
conv-contact-failed = Não foi possível carregar o contato: { $error }
conv-phone = Telefone
conv-email = E-mail
conv-copy-phone = Copiar telefone
conv-copy-email = Copiar e-mail
conv-copy-phone-value = Copiar telefone { $value }
conv-copy-email-value = Copiar e-mail { $value }
conv-copied = Copiado
conv-copy-failed = Não foi possível copiar
conv-not-provided = Não informado
conv-see-more = Ver mais
conv-see-less = Ver menos
conv-external-id = ID externo
conv-chat-id = ID do chat
conv-other-data = Outros dados
conv-nothing-else = Nada mais coletado
conv-previous = Conversas anteriores
conv-no-previous = Nenhuma outra conversa com este contato.
conv-previous-status = { $status ->
    [open] aberta
    [closed] encerrada
   *[transferred] transferida
}
conv-transferred-badge = transferida: { $reason }
conv-transferred-badge-times = transferida: { $reason } ({ $count }×)
conv-no-reason = sem motivo informado
conv-unanswered = sem resposta
conv-unanswered-title = { $count ->
    [one] O assistente não conseguiu responder 1 pergunta
   *[other] O assistente não conseguiu responder { $count } perguntas
}
conv-loading-contact = Carregando contato…
