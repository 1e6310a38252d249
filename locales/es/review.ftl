# La pantalla de Revisión y sus ajustes. Ids con review-.
#
# $period en las frases es uno de review-period-*: una expresión de tiempo
# ("ayer", "en los últimos 7 días").

## Períodos (review.ts)

review-period-yesterday = ayer
review-period-today = hoy
review-period-last-days = en los últimos { $days } días
review-period-custom = en este período
review-period-dates = { $first } – { $last }

## Copiado para la Base de Conocimiento (review.ts)

review-kb-title = Preguntas que el asistente no pudo responder:
review-kb-group = { $count ->
    [one] { $question } — preguntada 1 vez
   *[other] { $question } — preguntada { $count } veces
}
review-kb-not-downloaded = (pregunta no descargada)

## Pantalla (ReviewScreen.svelte)

review-period = Período
review-yesterday = Ayer
review-today = Hoy
review-week = Últimos 7 días
review-custom = Personalizado…
review-from = Del
review-to = al
review-progress = { $reviewed } de { $items } revisados
review-show-reviewed = Mostrar revisados
review-settings = Ajustes de la revisión
review-dismiss = Descartar aviso
review-compute-failed = No se pudo calcular la revisión: { $error }
review-mark-failed = No se pudo guardar la marca: { $error }
review-kb-copied = { $count ->
    [one] Se copió 1 pregunta para la Base de Conocimiento.
   *[other] Se copiaron { $count } preguntas para la Base de Conocimiento.
}
review-copy-failed = No se pudo copiar al portapapeles.
review-saved = Guardado en { $path }
review-export-failed = No se pudo exportar: { $error }
review-incomplete = { $count ->
    [one] El historial de 1 conversación del período no está descargado, así que esta revisión puede estar incompleta.
   *[other] El historial de { $count } conversaciones del período no está descargado, así que esta revisión puede estar incompleta.
}
review-incomplete-offline = { $count ->
    [one] Sin conexión: el historial de 1 conversación del período no está descargado, así que esta revisión puede estar incompleta. Se completará cuando Switchboard vuelva a estar en línea.
   *[other] Sin conexión: el historial de { $count } conversaciones del período no está descargado, así que esta revisión puede estar incompleta. Se completará cuando Switchboard vuelva a estar en línea.
}
review-pick-days = Elige el primer y el último día del período.
review-computing = Calculando la revisión…
review-downloading = Descargando primero el historial del período…
review-downloaded-label = Conversaciones descargadas
review-downloaded = { $done } de { $total } conversaciones. Una revisión sobre parte del historial pasaría por alto preguntas.
review-show-partial = Mostrar lo que ya hay
review-still-downloading = { $count ->
    [one] Aún se descarga 1 conversación: los números pueden crecer.
   *[other] Aún se descargan { $count } conversaciones: los números pueden crecer.
}
review-copy-kb = Copiar para la Base de Conocimiento
review-export = Exportar CSV
review-folded = { $count ->
    [one] 1 elemento revisado oculto ·
   *[other] { $count } elementos revisados ocultos ·
}
review-show = Mostrar
review-unknown-contact = Contacto desconocido

## Preguntas sin respuesta

review-unanswered = Preguntas sin respuesta
review-unanswered-none = Nada quedó sin respuesta { $period }: el asistente tuvo respuesta para todas las preguntas.
review-unanswered-hint = El asistente no supo responder a estas: añade las respuestas a la Base de Conocimiento. Las preguntas parecidas se agrupan, las más frecuentes primero.
review-asked = { $count ->
    [one] Preguntada 1 vez
   *[other] Preguntada { $count } veces
}
review-mark-all = Marcar las { $count } como revisadas
review-question-not-downloaded = (la pregunta no está descargada)
review-assistant-said = Asistente: { $text }
review-show-more = Mostrar { $count } más
review-show-fewer = Mostrar menos

## Temas recurrentes

review-topics = Temas recurrentes
review-topics-none = Ninguna pregunta sobre precios, horarios o tus temas { $period }.
review-topics-chart = Mensajes de clientes por tema
review-topic-counts = { $name }: { $messages ->
    [one] 1 mensaje
   *[other] { $messages } mensajes
} en { $conversations ->
    [one] 1 conversación
   *[other] { $conversations } conversaciones
}
review-topic-unanswered = · { $count } sin respuesta
review-asked-count = preguntada { $count }×
review-asked-count-unanswered = preguntada { $count }× · { $unanswered } sin respuesta

## Transferencias

review-transfers = Transferencias
review-transfers-none = Ninguna transferencia { $period }: el asistente atendió todas las conversaciones.
review-time-to-human = Tiempo hasta una persona
review-time-to-human-median = Tiempo hasta una persona, mediana
review-p90 = Percentil 90
review-longest-waiting = Mayor espera aún abierta
review-nobody = nadie
review-by-reason = Transferencias por motivo
review-no-reason = Sin motivo indicado
review-repeated = Transferidos más de una vez en 30 días
review-repeated-contact = { $count ->
    [one] { $name } — 1 transferencia
   *[other] { $name } — { $count } transferencias
}
review-human-replied = una persona respondió tras { $duration }
review-no-human-reply = sin respuesta de una persona ({ $resolution })
review-still-waiting = aún esperando a una persona
review-hours-none = Ninguna transferencia por hora
review-hours = Transferencias por hora del día; el máximo a las { $hour } ({ $count })

## Clientes potenciales que se enfriaron

review-quiet-leads = Clientes potenciales que se enfriaron
review-quiet-none = Ningún cliente potencial se enfrió { $period }: todos los interesados siguieron hablando.
review-quiet-hint = Preguntaron por comprar y luego dejaron de responder. Los más recientes primero, con el último mensaje del asistente.
review-last-wrote = escribió por última vez el { $time }

## Un elemento (ReviewItem.svelte)

review-open-title = Abrir en su conversación (Enter)
review-mark = Marcar como revisado
review-mark-title = Marcar como revisado (e)
review-reviewed = Revisado ✓
review-unmark-title = Marcar como no revisado (e)

## Ajustes (ReviewSettingsDialog.svelte)

review-quiet-after = Un cliente potencial se enfría tras
review-quiet-after-hours = horas sin respuesta
review-phrases = Frases que indican que el asistente no supo responder (una por línea)
review-phrases-note = Se usan cuando el backend no marca esas respuestas por sí mismo; al guardar se aplican también a las respuestas ya descargadas.
review-your-topics = Tus temas (precios y horarios ya vienen incluidos)
review-topic-name = Nombre del tema
review-topic-name-placeholder = Nombre
review-topic-keywords = Palabras clave de { $name }
review-topic-keywords-unnamed = Palabras clave del tema
review-keywords-placeholder = Palabras clave, separadas por comas
review-remove-topic = Quitar { $name }
review-remove-unnamed = Quitar tema
review-remove = Quitar
review-add-topic = Añadir un tema
