// Customers ask in German, French, Spanish, Portuguese and Dutch; the help center is English. Article
// tags carry the nouns an admin would add (Rechnung, facture, contraseña); this map carries the
// everyday verbs and nouns of how-to questions that no one writes into tags ("herunterladen", "changer").
// Keys are accent-free lower case, as the analyzer sees words; values are English words.
const entries: Record<string, string> = {
  // download / export / get
  herunterladen: 'download', runterladen: 'download', telecharger: 'download', descargar: 'download', baixar: 'download',
  downloaden: 'download', exportieren: 'export', exporter: 'export', exportar: 'export', exporteren: 'export',
  // change / update / edit
  andern: 'change', aendern: 'change', aktualisieren: 'update', changer: 'change', modifier: 'change', cambiar: 'change',
  actualizar: 'update', modificar: 'change', alterar: 'change', mudar: 'change', atualizar: 'update', wijzigen: 'change',
  veranderen: 'change', bijwerken: 'update',
  // reset / forgot / recover
  zurucksetzen: 'reset', vergessen: 'forgot', reinitialiser: 'reset', oublie: 'forgot', restablecer: 'reset',
  olvide: 'forgot', olvidado: 'forgot', redefinir: 'reset', esqueci: 'forgot', vergeten: 'forgot', herstellen: 'restore',
  wiederherstellen: 'restore', restaurer: 'restore', recuperer: 'recover', restaurar: 'restore', recuperar: 'recover',
  // delete / remove / cancel
  loschen: 'delete', entfernen: 'remove', supprimer: 'delete', retirer: 'remove', eliminar: 'delete', borrar: 'delete',
  excluir: 'delete', apagar: 'delete', remover: 'remove', verwijderen: 'delete', kundigen: 'cancel', annuler: 'cancel',
  resilier: 'cancel', cancelar: 'cancel', opzeggen: 'cancel', annuleren: 'cancel',
  // add / invite / create / connect / set up
  hinzufugen: 'add', einladen: 'invite', erstellen: 'create', verbinden: 'connect', einrichten: 'set up',
  ajouter: 'add', inviter: 'invite', creer: 'create', connecter: 'connect', configurer: 'configure',
  anadir: 'add', agregar: 'add', invitar: 'invite', crear: 'create', conectar: 'connect', configurar: 'configure',
  adicionar: 'add', convidar: 'invite', criar: 'create', toevoegen: 'add', uitnodigen: 'invite', aanmaken: 'create',
  koppelen: 'connect', instellen: 'set up',
  // pay / payment / card / charge / money
  zahlung: 'payment', bezahlen: 'pay', karte: 'card', kreditkarte: 'credit card', abgebucht: 'charged', abbuchung: 'charge',
  doppelt: 'twice', zweimal: 'twice', paiement: 'payment', payer: 'pay', carte: 'card', debite: 'charged', deux: 'twice',
  fois: 'twice', pago: 'payment', pagar: 'pay', tarjeta: 'card', cobro: 'charge', cobrado: 'charged', veces: 'twice',
  dos: 'twice', pagamento: 'payment', cartao: 'card', cobranca: 'charge', duas: 'twice', vezes: 'twice',
  betaling: 'payment', betalen: 'pay', kaart: 'card', afgeschreven: 'charged', dubbel: 'twice', twee: 'twice',
  rechnung: 'invoice', rechnungen: 'invoices', facture: 'invoice', factures: 'invoices', factura: 'invoice',
  facturas: 'invoices', fatura: 'invoice', faturas: 'invoices', factuur: 'invoice', facturen: 'invoices',
  geld: 'money', argent: 'money', dinero: 'money', dinheiro: 'money',
  // account / password / login / phone
  konto: 'account', compte: 'account', cuenta: 'account', conta: 'account', passwort: 'password', kennwort: 'password',
  mot: 'password', passe: 'password', contrasena: 'password', senha: 'password', wachtwoord: 'password',
  anmelden: 'sign in', einloggen: 'log in', connexion: 'login', iniciar: 'sign in', sesion: 'session',
  entrar: 'log in', inloggen: 'log in', aanmelden: 'sign in', handy: 'phone', telefon: 'phone', telephone: 'phone',
  telefono: 'phone', celular: 'phone', telemovel: 'phone', telefoon: 'phone', verloren: 'lost', perdu: 'lost',
  perdi: 'lost', perdido: 'lost', kwijt: 'lost', neues: 'new', nouveau: 'new', nuevo: 'new', novo: 'new', nieuwe: 'new',
  // people / team / owner / admin
  benutzer: 'user', nutzer: 'user', mitglied: 'member', mitarbeiter: 'member', utilisateur: 'user', membre: 'member',
  usuario: 'user', miembro: 'member', usuarios: 'users', membro: 'member', gebruiker: 'user', medewerker: 'member',
  eigentumer: 'owner', inhaber: 'owner', proprietaire: 'owner', propietario: 'owner', proprietario: 'owner',
  eigenaar: 'owner', rolle: 'role', role: 'role', rol: 'role', funcao: 'role',
  // plan / subscription / upgrade
  abo: 'subscription', abonnement: 'subscription', suscripcion: 'subscription', assinatura: 'subscription',
  jahrlich: 'annual', annuel: 'annual', anual: 'annual', jaarlijks: 'annual', monatlich: 'monthly', mensuel: 'monthly',
  mensual: 'monthly', mensal: 'monthly', maandelijks: 'monthly', tarif: 'plan', formule: 'plan', plano: 'plan',
  // data / files / storage
  daten: 'data', donnees: 'data', datos: 'data', dados: 'data', gegevens: 'data', datei: 'file', dateien: 'files',
  fichier: 'file', fichiers: 'files', archivo: 'file', archivos: 'files', arquivo: 'file', arquivos: 'files',
  bestand: 'file', bestanden: 'files', speicher: 'storage', stockage: 'storage', almacenamiento: 'storage',
  armazenamento: 'storage', opslag: 'storage', papierkorb: 'trash', corbeille: 'trash', papelera: 'trash',
  lixeira: 'trash', prullenbak: 'trash', geloscht: 'deleted', supprime: 'deleted', eliminado: 'deleted',
  excluido: 'deleted', verwijderd: 'deleted', projekt: 'project', projet: 'project', proyecto: 'project',
  projeto: 'project', aufgabe: 'task', aufgaben: 'tasks', tache: 'task', taches: 'tasks', tarea: 'task', tareas: 'tasks',
  tarefa: 'task', tarefas: 'tasks', taak: 'task', taken: 'tasks', importieren: 'import', importer: 'import',
  importar: 'import', importeren: 'import',
  // notifications / email
  benachrichtigungen: 'notifications', benachrichtigung: 'notification', notificaciones: 'notifications',
  notificacoes: 'notifications', meldingen: 'notifications', correo: 'email', correos: 'emails', courriel: 'email',
  // security / outage
  gehackt: 'hacked', pirate: 'hacked', hackeado: 'hacked', hackeada: 'hacked', sicherheit: 'security',
  securite: 'security', seguridad: 'security', seguranca: 'security', beveiliging: 'security', storung: 'outage',
  ausfall: 'outage', panne: 'outage', caida: 'outage', erreur: 'error', fehler: 'error', fout: 'error', erro: 'error',
  schlussel: 'key', cle: 'key', clave: 'key', chave: 'key', sleutel: 'key',
  // limits
  grenze: 'limit', limite: 'limit', limiet: 'limit', platze: 'seats', sieges: 'seats', asientos: 'seats',
  assentos: 'seats', plaatsen: 'seats', lizenzen: 'licenses', licences: 'licenses', licencias: 'licenses',
  licencas: 'licenses', licenties: 'licenses',
  // The product's own words: the most frequent nouns and verbs of the help center's articles
  // (settings, workspace, admin, billing, address, …, counted over the articles, not the questions).
  einstellungen: 'settings', einstellung: 'settings', parametres: 'settings', parametre: 'settings', reglages: 'settings',
  configuracion: 'settings', ajustes: 'settings', configuracoes: 'settings', instellingen: 'settings', instelling: 'settings',
  arbeitsbereich: 'workspace', espace: 'workspace', espacio: 'workspace', espaco: 'workspace', werkruimte: 'workspace',
  administrator: 'admin', administratoren: 'admins', administrateur: 'admin', administrateurs: 'admins', administrador: 'admin',
  administradores: 'admins', beheerder: 'admin', beheerders: 'admins',
  abrechnung: 'billing', facturation: 'billing', facturacion: 'billing', faturamento: 'billing', facturatie: 'billing',
  adresse: 'address', direccion: 'address', endereco: 'address', adres: 'address',
  unternehmen: 'company', empresa: 'company', societe: 'company', bedrijf: 'company', firmenname: 'company name',
  seite: 'page', pagina: 'page', lien: 'link', enlace: 'link',
  zugriff: 'access', zugang: 'access', acces: 'access', acceso: 'access', acesso: 'access', toegang: 'access',
  senden: 'send', schicken: 'send', gesendet: 'sent', envoyer: 'send', envoye: 'sent', enviar: 'send', enviado: 'sent',
  enviados: 'sent', sturen: 'send', versturen: 'send', verstuurd: 'sent',
  offnen: 'open', ouvrir: 'open', abrir: 'open', openen: 'open',
  ausschalten: 'turn off', deaktivieren: 'turn off', abschalten: 'turn off', desactiver: 'turn off', desactivar: 'turn off',
  desativar: 'turn off', uitschakelen: 'turn off', uitzetten: 'turn off', einschalten: 'turn on', aktivieren: 'turn on',
  activer: 'turn on', activar: 'turn on', ativar: 'turn on', inschakelen: 'turn on', aanzetten: 'turn on',
  speichern: 'save', enregistrer: 'save', guardar: 'save', salvar: 'save', opslaan: 'save',
  kopieren: 'copy', copier: 'copy', copiar: 'copy', kopie: 'copy', copie: 'copy', copia: 'copy',
  nummer: 'number', numero: 'number', verlangerung: 'renewal', renouvellement: 'renewal', renovacion: 'renewal',
  renovacao: 'renewal', verlenging: 'renewal', anfrage: 'request', demande: 'request', solicitud: 'request',
  solicitacao: 'request', verzoek: 'request', nachricht: 'message', nachrichten: 'messages', mensaje: 'message',
  mensajes: 'messages', mensagem: 'message', mensagens: 'messages', bericht: 'message', berichten: 'messages',
  kommentar: 'comment', kommentare: 'comments', commentaire: 'comment', commentaires: 'comments', comentario: 'comment',
  comentarios: 'comments', opmerking: 'comment', opmerkingen: 'comments', reactie: 'comment', reacties: 'comments',
  profil: 'profile', perfil: 'profile', profiel: 'profile', verlauf: 'history', historial: 'history', historico: 'history',
  geschiedenis: 'history', mitglieder: 'members', membres: 'members', miembros: 'members', membros: 'members',
  leden: 'members', lid: 'member', leute: 'people', personen: 'people', personnes: 'people', personas: 'people',
  pessoas: 'people', mensen: 'people', kunde: 'customer', kunden: 'customers', klant: 'customer', klanten: 'customers',
  kostenlos: 'free', gratuit: 'free', gratis: 'free', gratuito: 'free', bezahlt: 'paid', betaald: 'paid',
  privat: 'private', prive: 'private', privado: 'private', erlauben: 'allow', autoriser: 'allow', permitir: 'allow',
  toestaan: 'allow', verifizieren: 'verify', uberprufen: 'verify', verifier: 'verify', verificar: 'verify',
  verifieren: 'verify', verschieben: 'move', deplacer: 'move', mover: 'move', verplaatsen: 'move', wechseln: 'switch',
  steuer: 'tax', impot: 'tax', impuesto: 'tax', imposto: 'tax', belasting: 'tax', fiscal: 'tax', fiscale: 'tax',
};

/** English words for a foreign word, or undefined. */
export function englishFor(word: string): string | undefined {
  return Object.hasOwn(entries, word) ? entries[word] : undefined;
}
