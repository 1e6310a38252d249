# La pantalla de Conversaciones: la lista y sus filas, la conversación
# abierta (historial, control del asistente, responsable, campo de
# respuesta, envíos pendientes) y el panel del contacto. Ids con conv-.

## Lista (ConversationList.svelte)

conv-list = Lista de conversaciones
conv-search-label = Buscar conversaciones
conv-search-placeholder = Buscar contactos y mensajes
conv-search-scope = Encuentra conversaciones por el nombre, el correo o el teléfono del contacto, o por palabras de sus mensajes
conv-filter-group = Filtrar por estado
conv-filter-all = Todas
conv-filter-open = Abiertas
conv-filter-closed = Cerradas
conv-filter-transferred = Transferidas
conv-filter-selected = Seleccionada
conv-filter-mine = Mías
conv-filter-searching = La búsqueda abarca todas las conversaciones
conv-list-failed = No se pudieron cargar las conversaciones: { $error }
conv-search-incomplete = Puede que falten resultados: los mensajes antiguos aún se están descargando.
conv-search-incomplete-percent = Puede que falten resultados: los mensajes antiguos aún se están descargando ({ $percent }%).
conv-new-activity = ↑ Nueva actividad
conv-search-results = Resultados de la búsqueda
conv-conversations = Conversaciones
conv-empty-search-title = Sin resultados
conv-empty-search = Nada coincide con “{ $query }”.
conv-empty-syncing-title = Sincronizando conversaciones…
conv-empty-syncing = Aparecen aquí a medida que la primera sincronización las trae.
conv-empty-none-title = Aún no hay conversaciones
conv-empty-none = Las conversaciones nuevas aparecen aquí cuando los clientes escriben.
conv-empty-interrupted-title = Aún no hay conversaciones guardadas en este equipo
conv-empty-interrupted = Aparecerán aquí en cuanto la sincronización pueda traerlas (el mensaje de arriba dice qué lo impide).
conv-empty-open-title = No hay conversaciones abiertas
conv-empty-open = El asistente no está atendiendo ninguna conversación ahora.
conv-empty-closed-title = No hay conversaciones cerradas
conv-empty-transferred-title = Nadie está esperando
conv-empty-transferred = Las conversaciones transferidas aparecen aquí.
conv-empty-selected-title = Ninguna conversación seleccionada
conv-empty-selected = Abre una conversación para verla aquí.
conv-empty-mine-title = No estás atendiendo ninguna conversación
conv-empty-mine = Las conversaciones que tomes, pauses o respondas aparecen aquí.
conv-empty-all-title = No hay conversaciones

## Filas (ConversationListRow.svelte)

conv-matched-name = Nombre
conv-matched-email = Correo
conv-matched-phone = Teléfono
conv-matched-message = Mensaje
conv-handling-you = La estás atendiendo tú
conv-handling-other = La atiende { $name }
conv-replied = { $name } respondió hace { $duration }
conv-replied-someone = Un agente respondió hace { $duration }
conv-waiting = Esperando { $duration }
conv-transferred = Transferida
conv-badge-closed = Cerrada
conv-badge-paused = En pausa
conv-badge-blocked = Bloqueada
conv-snoozed = Pospuesta
# $time: p. ej. "14:00", o "mar 12 mar, 14:05" si no es hoy.
conv-snoozed-until = Pospuesta hasta { $time }
conv-snoozed-title = Pospuesta por una persona: nadie la espera hasta entonces
conv-snoozed-next-reply-title = Pospuesta por una persona hasta que el cliente vuelva a escribir
conv-unconfirmed = { $count ->
    [one] 1 cambio aún sin confirmar
   *[other] { $count } cambios aún sin confirmar
}
conv-badge-queued = En cola
conv-sending = Enviando…
conv-queued-offline = En cola hasta recuperar la conexión

## Conversación abierta (ChatPane.svelte)

conv-open-failed = No se pudo abrir esta conversación
conv-open-not-found = Ya no existe en la caché local.
conv-unknown-contact = Contacto desconocido
conv-status-transferred = Transferida
conv-status-transferred-reason = Transferida: { $reason }
conv-status-waiting = · esperando { $duration }
conv-status-closed = Cerrada
conv-status-open = Abierta
conv-release = Liberar
conv-releasing = Liberando…
conv-release-title = Nadie la atenderá: las transferencias esperan y vuelven a avisar
conv-release-other-title = Devolverla a la cola: { $name } deja de atenderla, y las transferencias esperan y vuelven a avisar
conv-take = Tomar
conv-taking = Tomando…
conv-take-title = Atiende tú esta conversación: los demás verán que la tomaste
conv-take-title-from = Tomarla en lugar de { $name }
conv-close = Cerrar conversación
conv-closing = Cerrando…
conv-dismiss = Descartar aviso
conv-messages-with = Mensajes con { $name }
conv-loading-older = Cargando mensajes anteriores…
conv-older-not-downloaded = Los mensajes anteriores aún no se han descargado: se cargan cuando Switchboard vuelva a estar en línea.
conv-load-older = Cargar mensajes anteriores
conv-start = Inicio de la conversación
conv-opening = Abriendo…
conv-reply-closed = Esta conversación está cerrada.
conv-reply-blocked = El usuario está bloqueado: no se puede responder.
conv-reply-pause-first = Pausa el asistente para responder tú.
conv-older-failed = No se pudieron cargar los mensajes anteriores: { $error }
conv-reveal-failed = No se pudo cargar el mensaje: { $error }
conv-reveal-not-downloaded = Ese mensaje aún no se ha descargado: se carga cuando Switchboard vuelva a estar en línea.
conv-reveal-gone = Ese mensaje ya no está en el historial de esta conversación.
conv-reply-sent = Respuesta enviada
conv-signed-out = Tu sesión se cerró: vuelve a iniciar sesión para actuar.
conv-take-over-question = { $name } está atendiendo esta conversación: ¿tomarla?
conv-release-other-question = { $name } está atendiendo esta conversación: ¿liberarla, para que nadie la atienda?
conv-take-over-pause-question = { $name } está atendiendo esta conversación: ¿tomarla y pausar el asistente?
conv-take-over-send-question = { $name } está atendiendo esta conversación: ¿tomarla y enviar?
conv-take-over-body = Todos te verán a ti como responsable de esta conversación.
conv-take-over = Tomarla
conv-take-over-pause = Tomarla y pausar
conv-take-over-send = Tomarla y enviar
conv-someone-else = Otra persona
conv-take-unreachable = No se pudo tomar esta conversación: no se puede acceder al servidor. No se cambió nada; inténtalo de nuevo cuando vuelvas a estar en línea.
conv-release-unreachable = No se pudo liberar esta conversación: no se puede acceder al servidor. No se cambió nada; inténtalo de nuevo cuando vuelvas a estar en línea.
conv-take-failed = No se pudo tomar esta conversación: { $error }
conv-release-failed = No se pudo liberar esta conversación: { $error }
conv-block-question = ¿Bloquear a { $name }?
conv-block-body = El asistente dejará de responder y el cliente ya no podrá interactuar con él. Sus mensajes se conservan. Puedes desbloquearlo más tarde.
conv-block-confirm = Bloquear usuario

## Eventos del sistema en el historial (MessageItem.svelte)

conv-event-transferred = Transferida a una persona: { $reason }
conv-event-paused = Asistente en pausa
conv-event-paused-by = Asistente pausado por { $name }
conv-event-resumed = Asistente reanudado
conv-event-resumed-by = Asistente reanudado por { $name }
conv-event-blocked = Usuario bloqueado
conv-event-blocked-by = Usuario bloqueado por { $name }
conv-event-closed = Conversación cerrada
conv-event-closed-by = Conversación cerrada por { $name }

## Control del asistente (AssistantControl.svelte)

conv-assistant-control = Control del asistente
conv-assistant-active = Asistente activo
conv-assistant-paused = Asistente en pausa
conv-assistant-blocked = Usuario bloqueado
conv-assistant-saving = guardando…
conv-managers-only = Solo un gerente puede bloquear o desbloquear a un cliente

## Mensajes (MessageBubble, MessageText, Composer, OutboxEntry)

conv-agent = Agente
conv-author-customer = Cliente:
conv-author-assistant = Asistente:
conv-open-link = Abrir en el navegador: { $url }
conv-reply-to = Responder a { $name }
conv-reply-placeholder = Responder a { $name }…  (Enter para enviar, Mayús+Enter para una línea nueva)
conv-send = Enviar
conv-retry = Reintentar
conv-discard = Descartar
conv-not-sent = No enviada: { $error }
conv-rejected = rechazada
conv-write-error-closed = la conversación está cerrada
conv-write-error-handled = otra persona está atendiendo esta conversación
conv-write-error-gone = la conversación ya no existe
conv-write-error-too-long = la respuesta es demasiado larga
conv-write-error-past-retry-window = no se envió en 3 días y se abandonó; reintentar la envía como nueva
conv-close-failed = No se pudo cerrar la conversación: { $error }
conv-resume-failed = No se pudo reanudar el asistente: { $error }
conv-pause-failed = No se pudo pausar el asistente: { $error }
conv-block-failed = No se pudo bloquear al usuario: { $error }

## Panel del contacto (ContactPanel.svelte)

conv-contact-not-cached = Este contacto aún no está en la caché local.
conv-contact-failed = No se pudo cargar el contacto: { $error }
conv-phone = Teléfono
conv-email = Correo
conv-copy-phone = Copiar teléfono
conv-copy-email = Copiar correo
conv-copy-phone-value = Copiar teléfono { $value }
conv-copy-email-value = Copiar correo { $value }
conv-copied = Copiado
conv-copy-failed = No se pudo copiar
conv-not-provided = No indicado
conv-see-more = Ver más
conv-see-less = Ver menos
conv-external-id = ID externo
conv-chat-id = ID del chat
conv-other-data = Otros datos
conv-nothing-else = No se recopiló nada más
conv-previous = Conversaciones anteriores
conv-no-previous = No hay otras conversaciones con este contacto.
conv-previous-status = { $status ->
    [open] abierta
    [closed] cerrada
   *[transferred] transferida
}
conv-transferred-badge = transferida: { $reason }
conv-transferred-badge-times = transferida: { $reason } ({ $count }×)
conv-no-reason = sin motivo indicado
conv-unanswered = sin respuesta
conv-unanswered-title = { $count ->
    [one] El asistente no pudo responder 1 pregunta
   *[other] El asistente no pudo responder { $count } preguntas
}
conv-loading-contact = Cargando contacto…
