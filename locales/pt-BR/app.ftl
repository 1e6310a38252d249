# O shell: entrada, barra superior, aviso de status, ajuda, diálogos,
# configurações, e a bandeja, o título da janela e as notificações.

## Notificações

notify-transfer-summary = { $name } — conversa transferida
notify-reason = Motivo: { $reason }
notify-someone = Um cliente
notify-transfers-summary = { $count ->
    [one] 1 cliente aguardando
   *[other] { $count } clientes aguardando
}
notify-transfers-body = Conversas foram transferidas para um atendente. Abra o Switchboard para respondê-las.
notify-reminder-summary = { $name } ainda está aguardando
notify-reminders-summary = { $count ->
    [one] 1 cliente ainda aguardando
   *[other] { $count } clientes ainda aguardando
}
notify-reminders-body = Há conversas transferidas que ainda não foram respondidas.
notify-escalation-summary = { $minutes ->
    [one] Ninguém assumiu a transferência de { $name } há 1 min
   *[other] Ninguém assumiu a transferência de { $name } há { $minutes } min
}
notify-escalations-summary = { $count ->
    [one] Ninguém assumiu 1 transferência
   *[other] Ninguém assumiu { $count } transferências
}
notify-escalations-body = { $minutes ->
    [one] Há clientes aguardando há até 1 min que alguém os atenda. Abra o Switchboard para distribuí-los.
   *[other] Há clientes aguardando há até { $minutes } min que alguém os atenda. Abra o Switchboard para distribuí-los.
}
notify-daily-summary = Ontem: { $counts }
notify-daily-unanswered = { $count ->
    [one] 1 pergunta sem resposta
   *[other] { $count } perguntas sem resposta
}
notify-daily-transfers = { $count ->
    [one] 1 transferência
   *[other] { $count } transferências
}
notify-daily-quiet-leads = { $count ->
    [one] 1 lead parou de responder
   *[other] { $count } leads pararam de responder
}
notify-daily-body = Abra a Revisão para vê-los.
notify-action-open = Abrir
notify-action-take = Assumir
notify-keeps-running-summary = O Switchboard continua aberto na bandeja
notify-keeps-running-body = Você continuará sendo avisado quando um cliente for transferido. Para sair, escolha Sair no menu da bandeja ou pressione Ctrl+Q na janela.

## Bandeja e título da janela

tray-waiting = { $count ->
    [0] Nenhum cliente aguardando
    [one] 1 cliente aguardando
   *[other] { $count } clientes aguardando
}
tray-open = Abrir o Switchboard
tray-pause = Pausar notificações
tray-quit = Sair
app-window-title-waiting = ({ $count }) Switchboard — { $count } aguardando

## Início

app-start-failed = Não foi possível iniciar o Switchboard
app-try-again = Tentar de novo
app-session-ended = Sua sessão terminou (o token foi revogado ou expirou). Entre novamente para continuar.
app-launch-sign-in-failed = O login com que o Switchboard foi aberto (um servidor e um token) não funcionou. Confira o servidor abaixo e digite um token para entrar.
app-cache-set-aside-title = O cache local estava danificado
app-cache-set-aside = O Switchboard não conseguiu ler o cache local, então separou o arquivo e começou um novo, que a sincronização preenche de novo (entre novamente se for pedido). Respostas ainda não enviadas, marcas da Revisão e configurações ficaram no arquivo antigo: { $path }
app-dismiss = Fechar aviso
app-cache-damaged-title = O cache local está danificado
app-cache-damaged = O Switchboard não conseguiu ler parte do arquivo em que guarda as conversas neste computador. Reinicie-o: o arquivo danificado é separado (e guardado) e um novo cache é preenchido a partir do servidor.
app-restart-now = Reiniciar agora
app-later = Depois

## Por que o início falhou: o texto da caixa de diálogo (Rust: src-tauri/src/start_failure.rs)

start-failed-newer-schema = O cache local foi gravado por uma versão mais nova do Switchboard, que esta não consegue ler. Instale aquela versão de novo ou atualize o Switchboard. O cache não foi alterado.
start-failed-disk-full = O disco está cheio. Libere espaço e inicie o Switchboard de novo.
start-failed-read-only = O Switchboard não consegue gravar na sua pasta de dados. Verifique se o disco não é somente leitura e se a pasta pertence a você.
start-failed-other = Algo deu errado ao iniciar o Switchboard.
# $detail: the technical reason, in English (for a bug report).
start-failed-details = Detalhes: { $detail }

## Entrada

app-sign-in-lead = Acompanhe as conversas do seu assistente e assuma quando um cliente precisar de uma pessoa.
app-sign-in-url = URL do backend
app-sign-in-token = Token de acesso
app-sign-in-token-keyring = O token fica guardado no chaveiro do sistema, nunca em texto puro no disco.
app-sign-in-token-file-before = Não há chaveiro do sistema disponível: o token ficará guardado sem criptografia em
app-sign-in-token-file-after = , legível apenas pela sua conta de usuário.
app-sign-in-unauthorized = O backend recusou este token. Confira e tente de novo.
app-sign-in-unreachable = Não foi possível acessar { $url }. Confira o endereço e a sua conexão.
app-sign-in-invalid-url = Isso não parece o endereço de um backend. Ele deve começar com https://
app-sign-in-failed = Não foi possível entrar: { $error }
app-sign-in-busy = Entrando…
app-sign-in = Entrar
app-sign-in-or = ou
app-sign-in-demo = Experimentar o modo demonstração
app-sign-in-demo-help = Usa um backend de demonstração embutido, com conversas de exemplo.
app-sign-in-insecure-title = Enviar o token sem criptografia?
app-sign-in-insecure-body = { $url } não é este computador e o endereço começa com http://: qualquer pessoa na rede entre vocês pode ler o seu token e agir em seu nome. Use https:// se o backend oferecer.
app-sign-in-insecure-confirm = Enviar o token sem criptografia
app-sign-in-discard-title = Entrar e descartar o que não foi enviado?
app-sign-in-discard-body = Respostas e alterações da conta que estava conectada antes nunca foram enviadas. Entrar com outro usuário as descarta; elas não serão enviadas em seu nome.
app-sign-in-discard-confirm = Descartar e entrar

## Barra superior

app-demo = Demonstração
# A barra superior diz onde a sessão trabalha. $host: p. ex. chat.example.com; $account: o id da conta do Chatwoot.
app-server-chatwoot = Chatwoot · { $host } · conta { $account }
app-server-switchboard = { $host }
app-server-title = Conectado a { $url }
app-screens = Telas
app-view-conversations = Conversas
app-view-conversations-title = Conversas (v)
app-view-review = Revisão
app-view-review-title = Revisão (v)
app-back-to-review = ← Voltar à Revisão
app-back-to-review-title = Voltar à Revisão (b)
app-sync-live = Ao vivo
app-sync-connecting = Conectando…
app-sync-catching-up = Atualizando…
app-sync-syncing = Sincronizando…
app-sync-offline = Offline
app-sync-stopped = Sem sincronizar
app-waiting = { $count } aguardando
app-waiting-title = Clientes aguardando uma pessoa que ninguém assumiu, ou que você assumiu. Os clientes aguardando de um colega contam no app dele e aparecem na lista.
app-announce-waiting = Um cliente está aguardando um atendente. { $count } aguardando.
app-notifications-paused = Notificações pausadas
app-resume = Retomar
app-pause-failed = Não foi possível pausar: { $error }
app-resume-failed = Não foi possível retomar: { $error }
app-settings = Configurações
app-settings-title = Configurações (,)
app-shortcuts = Atalhos de teclado
app-shortcuts-title = Atalhos de teclado (?)
app-sign-out = Sair da conta
app-sign-out-discard-title = Sair e descartar o que não foi enviado?
app-sign-out-discard-unknown = Respostas e ações que ainda não chegaram ao backend serão descartadas.
app-sign-out-discard-body = { $count ->
    [one] 1 resposta ou ação ainda não chegou ao backend. Ao sair, ela será descartada.
   *[other] { $count } respostas ou ações ainda não chegaram ao backend. Ao sair, elas serão descartadas.
}
app-history-so-far = { $count ->
    [one] Histórico: 1 mensagem até agora
   *[other] Histórico: { $count } mensagens até agora
}
app-history-progress = Histórico { $percent }% — { $cached } de { $total } mensagens
app-history-explanation = O Switchboard está baixando as mensagens antigas em segundo plano, para que a busca e a revisão cubram o histórico completo de cada conversa. Você pode continuar trabalhando; as conversas ativas vêm primeiro.
app-no-conversation = Nenhuma conversa selecionada
app-no-conversation-help = Escolha uma na lista, ou use j/k e Enter. Pressione ? para ver todos os atalhos.
app-conversation = Conversa
app-contact-details = Dados do contato
app-contact-details-empty = Os dados do cliente aparecem aqui.

## Aviso de status

app-first-sync = Primeira sincronização
app-first-sync-progress = Primeira sincronização: { $done } conversas
app-first-sync-progress-of = Primeira sincronização: { $done } de { $total } conversas
app-offline = Offline
app-offline-since = desde { $time } (há { $duration }) — mostrando dados salvos. Suas alterações ficam guardadas e são enviadas quando a conexão voltar.
app-details = Detalhes
app-hide-details = Ocultar detalhes
app-sync-stopped-title = Sincronização interrompida:
app-sync-stopped-body = O Switchboard continua tentando sozinho; os dados exibidos podem estar desatualizados.
app-sync-problem-disk-full = o disco está cheio, então nada novo pode ser salvo. Libere espaço.
app-sync-problem-cache-damaged = o cache local está danificado.
app-sync-problem-cache-failed = não foi possível ler ou gravar o cache local.
app-sync-problem-server-refused = o servidor recusou uma solicitação.
app-sync-problem-bad-server-answer = o servidor enviou algo que esta versão do Switchboard não consegue ler.
app-sync-problem-internal = algo deu errado dentro do Switchboard.
app-sign-in-again = Entrar novamente

## Diálogos

app-close = Fechar
app-cancel = Cancelar
app-or = ou
app-shortcut-switch-view = Alternar entre Conversas e Revisão
app-shortcut-next = Próxima conversa
app-shortcut-previous = Conversa anterior
app-shortcut-open = Abrir a conversa destacada
app-shortcut-search = Buscar
app-shortcut-escape = Limpar a busca / sair da resposta / fechar um diálogo
app-shortcut-pause-assistant = Pausar ou retomar o assistente
app-shortcut-reply = Responder (com o assistente pausado)
app-shortcut-transferred = Mostrar conversas transferidas (de novo: todas)
app-shortcut-back = Voltar à Revisão (depois de abrir um dos itens)
app-shortcut-review-next = Revisão: item seguinte / anterior
app-shortcut-review-open = Revisão: abrir o item na mensagem
app-shortcut-review-mark = Revisão: marcar o item como revisado (de novo: desfazer)
app-shortcut-settings = Configurações
app-shortcut-help = Mostrar esta ajuda
app-shortcut-quit = Sair do Switchboard

## Configurações

app-settings-paused = Pausadas até você retomá-las ou até o Switchboard reiniciar.
app-settings-notifications = Notificações
app-settings-enabled = Mostrar notificações na área de trabalho
app-settings-transfers = Avisar quando houver transferências
app-settings-remind = Lembrar a cada
app-settings-remind-minutes = Minutos entre lembretes
app-settings-remind-after = minutos enquanto um cliente aguarda
app-settings-escalations = Avisar sobre escalonamentos
app-settings-escalate-after = Escalonar depois de
app-settings-escalate-after-minutes = minutos sem ninguém assumir uma transferência
app-settings-daily = Lembrete diário da revisão às
app-settings-daily-time = Horário do lembrete diário da revisão
app-settings-daily-note = Uma vez por dia: as perguntas sem resposta de ontem, as transferências e os leads que pararam de responder; um clique abre a Revisão. Nada é exibido quando não há o que revisar.
app-settings-quiet-incomplete = O horário de silêncio precisa de um início e um fim.
app-settings-quiet-same = O horário de silêncio precisa começar e terminar em horários diferentes.
app-settings-remind-invalid = Os lembretes precisam de um número inteiro de minutos, de 1 a { $max }.
app-settings-escalate-invalid = Os escalonamentos precisam de um número inteiro de minutos, de 1 a { $max }.
app-settings-daily-invalid = O lembrete diário da revisão precisa de um horário.
app-settings-sound = Tocar um som
app-settings-quiet = Horário de silêncio
app-settings-quiet-start = Início do horário de silêncio
app-settings-quiet-to = até
app-settings-quiet-end = Fim do horário de silêncio
app-settings-notify-note = { $manager ->
    [yes] A barra de título e a bandeja contam os clientes aguardando de qualquer forma. Transferências durante o horário de silêncio ou uma pausa não são exibidas depois; lembretes, escalonamentos e o lembrete diário da revisão são, se ainda estiverem pendentes.
   *[no] A barra de título e a bandeja contam os clientes aguardando de qualquer forma. Transferências durante o horário de silêncio ou uma pausa não são exibidas depois; lembretes e o lembrete diário da revisão são, se ainda estiverem pendentes.
}
app-settings-app = Configurações do aplicativo
app-settings-background = Continuar rodando em segundo plano quando a janela for fechada
app-settings-login = Iniciar o Switchboard quando eu entrar no computador
app-settings-background-note = Em segundo plano, as transferências continuam avisando você e a bandeja traz a janela de volta. Para sair, use Sair no menu da bandeja ou pressione Ctrl+Q.
app-settings-keep-history = Manter histórico de
app-settings-keep-history-note = Mensagens mais antigas são removidas deste computador e não são baixadas: a busca e a revisão cobrem apenas o histórico mantido. Elas continuam no servidor.
app-history-not-kept = Mensagens mais antigas não são mantidas
app-history-not-kept-for = Mensagens mais antigas não são mantidas (histórico: { $period })
app-search-range = { $keep ->
    [year] Os resultados cobrem o último ano: mensagens mais antigas não são mantidas.
   *[other] Os resultados cobrem os últimos 90 dias: mensagens mais antigas não são mantidas.
}
app-keep-history-all = todo o período
app-keep-history-year = 1 ano
app-keep-history-days90 = 90 dias
app-settings-theme = Cores
app-theme-system = Igual ao sistema
app-theme-light = Claro
app-theme-dark = Escuro
app-settings-language = Idioma
app-language-system = Igual ao sistema
app-settings-pause = Pausar por enquanto
app-settings-pause-title = Nada é exibido até você retomar ou até o Switchboard reiniciar
app-settings-save = Salvar
app-settings-saving = Salvando…
app-settings-save-failed = Não foi possível salvar: { $error }
app-settings-load-failed = Não foi possível ler as configurações: { $error }
app-loading = Carregando…

## Chatwoot sign-in (the choice of server, the Chatwoot fields and errors).
app-sign-in-server = Conectar a
app-sign-in-server-switchboard = Backend do Switchboard
app-sign-in-server-chatwoot = Chatwoot
app-sign-in-chatwoot-url = URL do Chatwoot
app-sign-in-chatwoot-url-example = https://chat.example.com
app-sign-in-chatwoot-account = ID da conta
app-sign-in-chatwoot-account-help = O número depois de /app/accounts/ no endereço que o Chatwoot mostra no navegador.
app-sign-in-chatwoot-token-help = No Chatwoot: seu avatar → Configurações do perfil → Token de acesso. Copie-o aqui.
app-sign-in-chatwoot-unauthorized = O Chatwoot recusou este token de acesso. Copie-o novamente em Configurações do perfil → Token de acesso.
app-sign-in-chatwoot-account-not-found = O token é válido, mas o usuário não é membro da conta { $account }. Confira o ID da conta.
app-sign-in-chatwoot-not-chatwoot = Nenhum Chatwoot respondeu em { $url }. Confira o endereço.
app-sign-in-chatwoot-invalid = Confira o endereço (deve começar com https://) e o ID da conta (um número inteiro).
