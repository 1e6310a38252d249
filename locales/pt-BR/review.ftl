# A tela de Revisão e suas configurações. Ids começam com review-.
#
# $period nas frases é um dos review-period-*: uma expressão de tempo
# ("ontem", "nos últimos 7 dias").

## Períodos (review.ts)

review-period-yesterday = ontem
review-period-today = hoje
review-period-last-days = nos últimos { $days } dias
review-period-custom = neste período
review-period-dates = { $first } – { $last }

## Copiado para a Base de Conhecimento (review.ts)

review-kb-title = Perguntas que o assistente não conseguiu responder:
review-kb-group = { $count ->
    [one] { $question } — perguntada 1 vez
   *[other] { $question } — perguntada { $count } vezes
}
review-kb-not-downloaded = (pergunta não baixada)

## Tela (ReviewScreen.svelte)

review-period = Período
review-yesterday = Ontem
review-today = Hoje
review-week = Últimos 7 dias
review-custom = Personalizado…
review-from = De
review-to = até
review-progress = { $reviewed } de { $items } revisados
review-show-reviewed = Mostrar revisados
review-settings = Configurações da revisão
review-dismiss = Fechar aviso
review-compute-failed = Não foi possível calcular a revisão: { $error }
review-mark-failed = Não foi possível salvar a marcação: { $error }
review-kb-copied = { $count ->
    [one] 1 pergunta copiada para a Base de Conhecimento.
   *[other] { $count } perguntas copiadas para a Base de Conhecimento.
}
review-copy-failed = Não foi possível copiar para a área de transferência.
review-saved = Salvo em { $path }
review-export-failed = Não foi possível exportar: { $error }
review-incomplete = { $count ->
    [one] O histórico de 1 conversa do período não foi baixado, então esta revisão pode estar incompleta.
   *[other] O histórico de { $count } conversas do período não foi baixado, então esta revisão pode estar incompleta.
}
review-incomplete-offline = { $count ->
    [one] Offline: o histórico de 1 conversa do período não foi baixado, então esta revisão pode estar incompleta. Ela se completa quando o Switchboard voltar a ficar online.
   *[other] Offline: o histórico de { $count } conversas do período não foi baixado, então esta revisão pode estar incompleta. Ela se completa quando o Switchboard voltar a ficar online.
}
review-pick-days = Escolha o primeiro e o último dia do período.
review-computing = Calculando a revisão…
review-downloading = Baixando primeiro o histórico do período…
review-downloaded-label = Conversas baixadas
review-downloaded = { $done } de { $total } conversas. Uma revisão sobre parte do histórico deixaria perguntas de fora.
review-show-partial = Mostrar o que já chegou
review-still-downloading = { $count ->
    [one] Ainda baixando 1 conversa: os números podem aumentar.
   *[other] Ainda baixando { $count } conversas: os números podem aumentar.
}
review-copy-kb = Copiar para a Base de Conhecimento
review-export = Exportar CSV
review-folded = { $count ->
    [one] 1 item revisado oculto ·
   *[other] { $count } itens revisados ocultos ·
}
review-show = Mostrar
review-unknown-contact = Contato desconhecido

## Perguntas sem resposta

review-unanswered = Perguntas sem resposta
review-unanswered-none = Nada ficou sem resposta { $period } — o assistente respondeu todas as perguntas.
review-unanswered-hint = O assistente não soube responder a estas: adicione as respostas à Base de Conhecimento. Perguntas parecidas ficam agrupadas, as maiores primeiro.
review-asked = { $count ->
    [one] Perguntada 1 vez
   *[other] Perguntada { $count } vezes
}
review-mark-all = Marcar as { $count } como revisadas
review-question-not-downloaded = (a pergunta não foi baixada)
review-assistant-said = Assistente: { $text }
review-show-more = Mostrar mais { $count }
review-show-fewer = Mostrar menos

## Temas recorrentes

review-topics = Temas recorrentes
review-topics-none = Nenhuma pergunta sobre preço, horário de funcionamento ou seus temas { $period }.
review-topics-chart = Mensagens de clientes por tema
review-topic-counts = { $name }: { $messages ->
    [one] 1 mensagem
   *[other] { $messages } mensagens
} em { $conversations ->
    [one] 1 conversa
   *[other] { $conversations } conversas
}
review-topic-unanswered = · { $count } sem resposta
review-asked-count = perguntada { $count }×
review-asked-count-unanswered = perguntada { $count }× · { $unanswered } sem resposta

## Transferências

review-transfers = Transferências
review-transfers-none = Nenhuma transferência { $period }: o assistente cuidou de todas as conversas.
review-time-to-human = Tempo até um humano
review-time-to-human-median = Tempo até um humano, mediana
review-p90 = Percentil 90
review-longest-waiting = Maior espera ainda em aberto
review-nobody = ninguém
review-by-reason = Transferências por motivo
review-no-reason = Sem motivo informado
review-repeated = Transferidos mais de uma vez em 30 dias
review-repeated-contact = { $count ->
    [one] { $name } — 1 transferência
   *[other] { $name } — { $count } transferências
}
review-human-replied = um humano respondeu após { $duration }
review-no-human-reply = sem resposta humana ({ $resolution })
review-still-waiting = ainda esperando um humano
review-hours-none = Nenhuma transferência por hora
review-hours = Transferências por hora do dia; o pico às { $hour } ({ $count })

## Leads que esfriaram

review-quiet-leads = Leads que esfriaram
review-quiet-none = Nenhum lead esfriou { $period }: todo cliente interessado continuou conversando.
review-quiet-hint = Perguntaram sobre comprar e depois pararam de responder. Mais recentes primeiro, com a última mensagem do assistente.
review-last-wrote = escreveu por último em { $time }

## Um item (ReviewItem.svelte)

review-open-title = Abrir na conversa (Enter)
review-mark = Marcar como revisado
review-mark-title = Marcar como revisado (e)
review-reviewed = Revisado ✓
review-unmark-title = Marcar como não revisado (e)

## Configurações (ReviewSettingsDialog.svelte)

review-quiet-after = Um lead esfria depois de
review-quiet-after-hours = horas sem resposta
review-phrases = Frases que indicam que o assistente não soube responder (uma por linha)
review-phrases-note = Usadas quando o backend não marca essas respostas por conta própria; ao salvar, elas valem também para as respostas já baixadas.
review-your-topics = Seus temas (preço e horário de funcionamento já vêm incluídos)
review-topic-name = Nome do tema
review-topic-name-placeholder = Nome
review-topic-keywords = Palavras-chave de { $name }
review-topic-keywords-unnamed = Palavras-chave do tema
review-keywords-placeholder = Palavras-chave, separadas por vírgula
review-remove-topic = Remover { $name }
review-remove-unnamed = Remover tema
review-remove = Remover
review-add-topic = Adicionar um tema
