# El shell: inicio de sesión, barra superior, aviso de estado, ayuda,
# diálogos, ajustes, y la bandeja, el título de la ventana y las notificaciones.

## Notificaciones

notify-transfer-summary = { $name } — conversación transferida
notify-reason = Motivo: { $reason }
notify-someone = Un cliente
notify-transfers-summary = { $count ->
    [one] 1 cliente en espera
   *[other] { $count } clientes en espera
}
notify-transfers-body = Se transfirieron conversaciones a una persona. Abre Switchboard para responderlas.
notify-reminder-summary = { $name } sigue esperando
notify-reminders-summary = { $count ->
    [one] 1 cliente sigue esperando
   *[other] { $count } clientes siguen esperando
}
notify-reminders-body = Hay conversaciones transferidas que aún no tienen respuesta.
notify-escalation-summary = { $minutes ->
    [one] Nadie tomó la transferencia de { $name } en 1 min
   *[other] Nadie tomó la transferencia de { $name } en { $minutes } min
}
notify-escalations-summary = { $count ->
    [one] Nadie tomó 1 transferencia
   *[other] Nadie tomó { $count } transferencias
}
notify-escalations-body = { $minutes ->
    [one] Hay clientes que llevan hasta 1 min esperando a que alguien los atienda. Abre Switchboard para asignarlos.
   *[other] Hay clientes que llevan hasta { $minutes } min esperando a que alguien los atienda. Abre Switchboard para asignarlos.
}
notify-daily-summary = Ayer: { $counts }
notify-daily-unanswered = { $count ->
    [one] 1 pregunta sin respuesta
   *[other] { $count } preguntas sin respuesta
}
notify-daily-transfers = { $count ->
    [one] 1 transferencia
   *[other] { $count } transferencias
}
notify-daily-quiet-leads = { $count ->
    [one] 1 cliente potencial dejó de responder
   *[other] { $count } clientes potenciales dejaron de responder
}
notify-daily-body = Abre la Revisión para repasarlos.
notify-action-open = Abrir
notify-action-take = Tomar
notify-keeps-running-summary = Switchboard sigue abierto en la bandeja
notify-keeps-running-body = Te seguiremos avisando cuando se transfiera a un cliente. Para salir, elige Salir en el menú de la bandeja o pulsa Ctrl+Q en la ventana.

## Bandeja y título de la ventana

tray-waiting = { $count ->
    [0] Ningún cliente en espera
    [one] 1 cliente en espera
   *[other] { $count } clientes en espera
}
tray-open = Abrir Switchboard
tray-pause = Pausar notificaciones
tray-quit = Salir
app-window-title-waiting = ({ $count }) Switchboard — { $count } en espera

## Inicio

app-start-failed = Switchboard no pudo iniciarse
app-try-again = Reintentar
app-session-ended = Tu sesión terminó (el token se revocó o caducó). Vuelve a iniciar sesión para continuar.
app-launch-sign-in-failed = El inicio de sesión con el que se abrió Switchboard (un servidor y un token) no funcionó. Revisa el servidor de abajo e introduce un token para iniciar sesión.
app-cache-set-aside-title = La caché local estaba dañada
app-cache-set-aside = Switchboard no pudo leer su caché local, así que apartó el archivo y empezó una nueva, que la sincronización vuelve a llenar (inicia sesión de nuevo si se te pide). Las respuestas aún no enviadas, las marcas de la Revisión y los ajustes quedaron en el archivo anterior: { $path }
app-dismiss = Descartar aviso
app-cache-damaged-title = La caché local está dañada
app-cache-damaged = Switchboard no pudo leer parte del archivo en el que guarda las conversaciones en este equipo. Reinícialo: el archivo dañado se aparta (y se conserva) y se llena una caché nueva desde el servidor.
app-restart-now = Reiniciar ahora
app-later = Más tarde

## Por qué falló el inicio: el texto del diálogo (Rust: src-tauri/src/start_failure.rs)

start-failed-newer-schema = La caché local la escribió una versión más nueva de Switchboard, que esta no puede leer. Vuelve a instalar esa versión o actualiza Switchboard. La caché no se modificó.
start-failed-disk-full = El disco está lleno. Libera espacio y vuelve a iniciar Switchboard.
start-failed-read-only = Switchboard no puede escribir en su carpeta de datos. Comprueba que el disco no sea de solo lectura y que la carpeta te pertenezca.
start-failed-other = Algo salió mal al iniciar Switchboard.
# $detail: the technical reason, in English (for a bug report).
start-failed-details = Detalles: { $detail }

## Inicio de sesión

app-sign-in-lead = Supervisa las conversaciones de tu asistente e intervén cuando un cliente necesite a una persona.
app-sign-in-url = URL del backend
app-sign-in-token = Token de acceso
app-sign-in-token-keyring = El token se guarda en el llavero del sistema, nunca en texto plano en el disco.
app-sign-in-token-file-before = No hay un llavero del sistema disponible: el token se guardará sin cifrar en
app-sign-in-token-file-after = , y solo tu cuenta de usuario podrá leerlo.
app-sign-in-unauthorized = El backend rechazó este token. Revísalo y vuelve a intentarlo.
app-sign-in-unreachable = No se puede conectar con { $url }. Revisa la dirección y tu conexión.
app-sign-in-invalid-url = Eso no parece la dirección de un backend. Debe empezar por https://
app-sign-in-failed = No se pudo iniciar sesión: { $error }
app-sign-in-busy = Iniciando sesión…
app-sign-in = Iniciar sesión
app-sign-in-or = o
app-sign-in-demo = Probar el modo de demostración
app-sign-in-demo-help = Usa un backend de demostración integrado con conversaciones de ejemplo.
app-sign-in-insecure-title = ¿Enviar el token sin cifrar?
app-sign-in-insecure-body = { $url } no es este equipo y su dirección empieza por http://: cualquiera en la red entre ambos puede leer tu token y actuar en tu nombre. Usa https:// si el backend lo ofrece.
app-sign-in-insecure-confirm = Enviar el token sin cifrar
app-sign-in-discard-title = ¿Iniciar sesión y descartar lo que no se envió?
app-sign-in-discard-body = Las respuestas y los cambios en cola de la cuenta que había iniciado sesión antes nunca se enviaron. Si inicias sesión con otro usuario, se descartarán; no se enviarán en tu nombre.
app-sign-in-discard-confirm = Descartar e iniciar sesión

## Barra superior

app-demo = Demostración
# La barra superior dice dónde trabaja la sesión. $host: p. ej. chat.example.com; $account: el id de la cuenta de Chatwoot.
app-server-chatwoot = Chatwoot · { $host } · cuenta { $account }
app-server-switchboard = { $host }
app-server-title = Conectado a { $url }
app-screens = Pantallas
app-view-conversations = Conversaciones
app-view-conversations-title = Conversaciones (v)
app-view-review = Revisión
app-view-review-title = Revisión (v)
app-back-to-review = ← Volver a la Revisión
app-back-to-review-title = Volver a la Revisión (b)
app-sync-live = En directo
app-sync-connecting = Conectando…
app-sync-catching-up = Poniéndose al día…
app-sync-syncing = Sincronizando…
app-sync-offline = Sin conexión
app-sync-stopped = Sin sincronizar
app-waiting = { $count } en espera
app-waiting-title = Clientes que esperan a una persona y que nadie ha tomado, o que tomaste tú. Los que esperan a un colega cuentan en su app y se ven en la lista.
app-announce-waiting = Un cliente espera a una persona. { $count } en espera.
app-notifications-paused = Notificaciones en pausa
app-resume = Reanudar
app-pause-failed = No se pudo pausar: { $error }
app-resume-failed = No se pudo reanudar: { $error }
app-settings = Ajustes
app-settings-title = Ajustes (,)
app-shortcuts = Atajos de teclado
app-shortcuts-title = Atajos de teclado (?)
app-sign-out = Cerrar sesión
app-sign-out-discard-title = ¿Cerrar sesión y descartar lo que no se envió?
app-sign-out-discard-unknown = Se descartarán las respuestas y acciones que aún no llegaron al backend.
app-sign-out-discard-body = { $count ->
    [one] 1 respuesta o acción aún no llegó al backend. Al cerrar sesión, se descartará.
   *[other] { $count } respuestas o acciones aún no llegaron al backend. Al cerrar sesión, se descartarán.
}
app-history-so-far = { $count ->
    [one] Historial: 1 mensaje por ahora
   *[other] Historial: { $count } mensajes por ahora
}
app-history-progress = Historial { $percent }% — { $cached } de { $total } mensajes
app-history-explanation = Switchboard está descargando los mensajes antiguos en segundo plano para que la búsqueda y la revisión cubran el historial completo de cada conversación. Puedes seguir trabajando; las conversaciones activas van primero.
app-no-conversation = No hay ninguna conversación seleccionada
app-no-conversation-help = Elige una de la lista, o usa j/k y Enter. Pulsa ? para ver todos los atajos.
app-conversation = Conversación
app-contact-details = Datos del contacto
app-contact-details-empty = Aquí aparecen los datos del cliente.

## Aviso de estado

app-first-sync = Primera sincronización
app-first-sync-progress = Primera sincronización: { $done } conversaciones
app-first-sync-progress-of = Primera sincronización: { $done } de { $total } conversaciones
app-offline = Sin conexión
app-offline-since = desde las { $time } (hace { $duration }): se muestran datos guardados. Tus cambios se conservan y se enviarán cuando vuelva la conexión.
app-details = Detalles
app-hide-details = Ocultar detalles
app-sync-stopped-title = Sincronización interrumpida:
app-sync-stopped-body = Switchboard sigue intentándolo por sí solo; es posible que los datos mostrados no estén actualizados.
app-sync-problem-disk-full = el disco está lleno, así que no se puede guardar nada nuevo. Libera espacio.
app-sync-problem-cache-damaged = la caché local está dañada.
app-sync-problem-cache-failed = no se pudo leer ni escribir la caché local.
app-sync-problem-server-refused = el servidor rechazó una solicitud.
app-sync-problem-bad-server-answer = el servidor envió algo que esta versión de Switchboard no puede leer.
app-sync-problem-internal = algo falló dentro de Switchboard.
app-sign-in-again = Volver a iniciar sesión

## Diálogos

app-close = Cerrar
app-cancel = Cancelar
app-or = o
app-shortcut-switch-view = Cambiar entre Conversaciones y Revisión
app-shortcut-next = Conversación siguiente
app-shortcut-previous = Conversación anterior
app-shortcut-open = Abrir la conversación resaltada
app-shortcut-search = Buscar
app-shortcut-escape = Borrar la búsqueda / salir de la respuesta / cerrar un diálogo
app-shortcut-pause-assistant = Pausar o reanudar el asistente
app-shortcut-reply = Responder (con el asistente en pausa)
app-shortcut-transferred = Mostrar las conversaciones transferidas (otra vez: todas)
app-shortcut-back = Volver a la Revisión (tras abrir uno de sus elementos)
app-shortcut-review-next = Revisión: elemento siguiente / anterior
app-shortcut-review-open = Revisión: abrir el elemento en su mensaje
app-shortcut-review-mark = Revisión: marcar el elemento como revisado (otra vez: deshacer)
app-shortcut-settings = Ajustes
app-shortcut-help = Mostrar esta ayuda
app-shortcut-quit = Salir de Switchboard

## Ajustes

app-settings-paused = En pausa hasta que las reanudes o hasta que Switchboard se reinicie.
app-settings-notifications = Notificaciones
app-settings-enabled = Mostrar notificaciones de escritorio
app-settings-transfers = Avisarme de las transferencias
app-settings-remind = Recordármelo cada
app-settings-remind-minutes = Minutos entre recordatorios
app-settings-remind-after = minutos mientras un cliente espera
app-settings-escalations = Avisarme de las escalaciones
app-settings-escalate-after = Escalar tras
app-settings-escalate-after-minutes = minutos sin que nadie tome una transferencia
app-settings-daily = Recordatorio diario de la revisión a las
app-settings-daily-time = Hora del recordatorio diario de la revisión
app-settings-daily-note = Una vez al día: las preguntas sin respuesta de ayer, las transferencias y los clientes potenciales que dejaron de responder; un clic abre la Revisión. No se muestra nada si no hay nada que revisar.
app-settings-quiet-incomplete = Las horas de silencio necesitan una hora de inicio y una de fin.
app-settings-quiet-same = Las horas de silencio deben empezar y terminar a horas distintas.
app-settings-remind-invalid = Los recordatorios necesitan un número entero de minutos, de 1 a { $max }.
app-settings-escalate-invalid = Las escalaciones necesitan un número entero de minutos, de 1 a { $max }.
app-settings-daily-invalid = El recordatorio diario de la revisión necesita una hora del día.
app-settings-sound = Reproducir un sonido
app-settings-quiet = Horas de silencio
app-settings-quiet-start = Inicio de las horas de silencio
app-settings-quiet-to = a
app-settings-quiet-end = Fin de las horas de silencio
app-settings-notify-note = { $manager ->
    [yes] La barra de título y la bandeja cuentan los clientes en espera en cualquier caso. Las transferencias durante las horas de silencio o una pausa no se muestran después; los recordatorios, las escalaciones y el recordatorio diario de la revisión sí, mientras sigan pendientes.
   *[no] La barra de título y la bandeja cuentan los clientes en espera en cualquier caso. Las transferencias durante las horas de silencio o una pausa no se muestran después; los recordatorios y el recordatorio diario de la revisión sí, mientras sigan pendientes.
}
app-settings-app = Ajustes de la aplicación
app-settings-background = Seguir funcionando en segundo plano al cerrar la ventana
app-settings-login = Iniciar Switchboard al iniciar sesión en el equipo
app-settings-background-note = En segundo plano, las transferencias te siguen avisando y la bandeja vuelve a mostrar la ventana. Para salir, usa Salir en el menú de la bandeja o pulsa Ctrl+Q.
app-settings-keep-history = Conservar el historial de
app-settings-keep-history-note = Los mensajes más antiguos se eliminan de este equipo y no se descargan: la búsqueda y la revisión solo cubren el historial conservado. Siguen en el servidor.
app-history-not-kept = Los mensajes más antiguos no se conservan
app-history-not-kept-for = Los mensajes más antiguos no se conservan (historial: { $period })
app-search-range = { $keep ->
    [year] Los resultados cubren el último año: los mensajes más antiguos no se conservan.
   *[other] Los resultados cubren los últimos 90 días: los mensajes más antiguos no se conservan.
}
app-keep-history-all = todo el tiempo
app-keep-history-year = 1 año
app-keep-history-days90 = 90 días
app-settings-theme = Colores
app-theme-system = Igual que el sistema
app-theme-light = Claro
app-theme-dark = Oscuro
app-settings-language = Idioma
app-language-system = Igual que el sistema
app-settings-pause = Pausar por ahora
app-settings-pause-title = No se muestra nada hasta que reanudes o hasta que Switchboard se reinicie
app-settings-save = Guardar
app-settings-saving = Guardando…
app-settings-save-failed = No se pudo guardar: { $error }
app-settings-load-failed = No se pudieron leer los ajustes: { $error }
app-loading = Cargando…

## Chatwoot sign-in (the choice of server, the Chatwoot fields and errors).
app-sign-in-server = Conectar a
app-sign-in-server-switchboard = Backend de Switchboard
app-sign-in-server-chatwoot = Chatwoot
app-sign-in-chatwoot-url = URL de Chatwoot
app-sign-in-chatwoot-url-example = https://chat.example.com
app-sign-in-chatwoot-account = ID de la cuenta
app-sign-in-chatwoot-account-help = El número después de /app/accounts/ en la dirección que Chatwoot muestra en el navegador.
app-sign-in-chatwoot-token-help = En Chatwoot: tu avatar → Ajustes del perfil → Token de acceso. Cópialo aquí.
app-sign-in-chatwoot-unauthorized = Chatwoot rechazó este token de acceso. Cópialo de nuevo desde Ajustes del perfil → Token de acceso.
app-sign-in-chatwoot-account-not-found = El token es válido, pero su usuario no es miembro de la cuenta { $account }. Revisa el ID de la cuenta.
app-sign-in-chatwoot-not-chatwoot = Ningún Chatwoot respondió en { $url }. Revisa la dirección.
app-sign-in-chatwoot-invalid = Revisa la dirección (debe empezar por https://) y el ID de la cuenta (un número entero).
