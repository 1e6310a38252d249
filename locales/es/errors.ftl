# Why a command failed, one sentence per error code (ui/src/lib/errors.ts).
# The shell's own English text follows some of them as a detail.

app-error-not-signed-in = No has iniciado sesión.
app-error-unauthorized = El servidor rechazó el token. Vuelve a iniciar sesión.
app-error-invalid-input = Esta solicitud no se puede llevar a cabo.
app-error-insecure-connection = La conexión con este servidor no está cifrada.
app-error-unsent-writes-of-another-user = Los cambios de otra cuenta aún no se enviaron.
app-error-account-not-found = Este usuario no es miembro de esa cuenta.
app-error-not-found = Ya no existe aquí.
# $holder: the colleague who handles the conversation.
app-error-handled-by = { $holder } está atendiendo esta conversación.
app-error-handled-by-someone-else = Otra persona está atendiendo esta conversación.
app-error-unreachable = No se puede conectar con el servidor. Inténtalo de nuevo más tarde.
app-error-store = La caché local falló.
app-error-cache-damaged = El archivo de la caché local está dañado: reinicia Switchboard para reconstruirlo.
app-error-internal = Algo salió mal.
# $sentence: one of the above; $detail: the technical error, in English.
app-error-with-detail = { $sentence } Detalles: { $detail }
