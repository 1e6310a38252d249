# Why a command failed, one sentence per error code (ui/src/lib/errors.ts).
# The shell's own English text follows some of them as a detail.

app-error-not-signed-in = Você não está conectado.
app-error-unauthorized = O servidor recusou o token. Entre de novo.
app-error-invalid-input = Esta solicitação não pode ser realizada.
app-error-insecure-connection = A conexão com este servidor não é criptografada.
app-error-unsent-writes-of-another-user = Alterações de outra conta ainda não foram enviadas.
app-error-account-not-found = Este usuário não é membro dessa conta.
app-error-not-found = Isto não existe mais aqui.
# $holder: the colleague who handles the conversation.
app-error-handled-by = { $holder } está atendendo esta conversa.
app-error-handled-by-someone-else = Outra pessoa está atendendo esta conversa.
app-error-unreachable = Não foi possível acessar o servidor. Tente de novo mais tarde.
app-error-store = O cache local falhou.
app-error-cache-damaged = O arquivo do cache local está danificado: reinicie o Switchboard para reconstruí-lo.
app-error-internal = Algo deu errado.
# $sentence: one of the above; $detail: the technical error, in English.
app-error-with-detail = { $sentence } Detalhes: { $detail }
