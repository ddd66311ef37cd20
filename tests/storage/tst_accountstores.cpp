// The stores of accounts and login sessions on each engine, opened in process as the daemon
// opens them: accounts are added, changed, disabled, listed and removed; sessions are inserted,
// revoked, listed while live and their old rows deleted. The rows are read behind the stores'
// backs: a password is only an Argon2id encoded hash, a session only the SHA-256 of its token.

#include "auth/PasswordHasher.h"
#include "config/DatabaseUrl.h"
#include "storage/Database.h"
#include "storage/SqlAccountStore.h"
#include "storage/SqlLoginSessionStore.h"
#include "support/DatabaseInspector.h"
#include "support/StoreAnswer.h"
#include "support/TestAudit.h"
#include "support/TestDatabases.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QByteArray kAlicePassword = "correct horse battery staple";
const QByteArray kAliceNewPassword = "a second, longer passphrase";
const QDateTime kCreatedAt(QDate(2026, 3, 3), QTime(12, 0, 0, 123), Qt::UTC);
const QDateTime kChangedAt(QDate(2026, 3, 4), QTime(8, 30, 15, 456), Qt::UTC);
const QDateTime kLoginAt(QDate(2026, 3, 5), QTime(9, 0, 0, 789), Qt::UTC);

QString describe(const AccountResult &result)
{
    switch (result.status) {
    case AccountResult::Status::Created:
        return u"Created"_s;
    case AccountResult::Status::Updated:
        return u"Updated"_s;
    case AccountResult::Status::Removed:
        return u"Removed"_s;
    case AccountResult::Status::AlreadyExists:
        return u"AlreadyExists"_s;
    case AccountResult::Status::NotFound:
        return u"NotFound"_s;
    case AccountResult::Status::Failed:
        break;
    }
    return u"Failed: "_s + result.error;
}

QString describe(const LoginSessionWriteResult &result)
{
    switch (result.status) {
    case LoginSessionWriteResult::Status::Written:
        return u"Written"_s;
    case LoginSessionWriteResult::Status::NotFound:
        return u"NotFound"_s;
    case LoginSessionWriteResult::Status::Failed:
        break;
    }
    return u"Failed: "_s + result.error;
}

QString describeTime(const std::optional<QDateTime> &time)
{
    return time ? time->toUTC().toString(Qt::ISODateWithMs) : u"null"_s;
}

// An account as "user disabled created changed last-login", so that QCOMPARE shows what differs.
QString describe(const Account &account)
{
    return u"%1 %2 %3 %4 %5"_s.arg(account.userId, account.disabled ? u"disabled"_s : u"enabled"_s,
                                   describeTime(account.createdAt),
                                   describeTime(account.passwordChangedAt),
                                   describeTime(account.lastLoginAt));
}

QString describe(const StoredLoginSession &stored)
{
    const LoginSession &s = stored.session;
    return u"%1 %2 %3..%4 %5 %6 %7"_s.arg(s.sessionId, s.userId, describeTime(s.createdAt),
                                          describeTime(s.expiresAt), s.clientAddress, s.endpoint,
                                          QString::fromLatin1(stored.tokenHash));
}

QByteArray sha256Hex(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

StoredLoginSession makeSession(const QString &id, const QString &userId, const QDateTime &created,
                               qint64 lifetimeSeconds)
{
    StoredLoginSession stored;
    stored.tokenHash = sha256Hex("token of " + id.toLatin1());
    stored.session.sessionId = id;
    stored.session.userId = userId;
    stored.session.createdAt = created;
    stored.session.expiresAt = created.addSecs(lifetimeSeconds);
    stored.session.clientAddress = u"192.168.1.50"_s;
    stored.session.endpoint = u"http://192.168.1.50:3001"_s;
    return stored;
}

// Both stores on a database of their own, the database first so that it outlives them.
struct Stores
{
    std::unique_ptr<Database> database;
    std::unique_ptr<SqlAccountStore> accounts;
    std::unique_ptr<SqlLoginSessionStore> sessions;
};

AccountResult create(AccountStore &store, const QString &userId, const QByteArray &hash,
                     const QDateTime &at = kCreatedAt)
{
    return awaitAnswer<AccountResult>([&](QObject *context, auto done) {
        store.createAccount(userId, hash, at, testAudit(), context, done);
    });
}

AccountCredentialsResult credentials(AccountStore &store, const QString &userId)
{
    return awaitAnswer<AccountCredentialsResult>(
        [&](QObject *context, auto done) { store.findCredentials(userId, context, done); });
}

QStringList listed(AccountStore &store)
{
    const auto result = awaitAnswer<AccountListResult>(
        [&](QObject *context, auto done) { store.listAccounts(context, done); });
    if (result.status != AccountListResult::Status::Found)
        return {u"Failed: "_s + result.error};
    QStringList accounts;
    for (const Account &account : result.accounts)
        accounts.append(describe(account));
    return accounts;
}

LoginSessionWriteResult insert(LoginSessionStore &store, const StoredLoginSession &session)
{
    return awaitAnswer<LoginSessionWriteResult>([&](QObject *context, auto done) {
        store.createSession(session, testAudit(), context, done);
    });
}

LoginSessionWriteResult revoke(LoginSessionStore &store, const QString &id, const QDateTime &at)
{
    return awaitAnswer<LoginSessionWriteResult>([&](QObject *context, auto done) {
        store.revokeSession(id, at, testAudit(), context, done);
    });
}

QStringList live(LoginSessionStore &store, const QDateTime &now)
{
    const auto result = awaitAnswer<LoginSessionsResult>(
        [&](QObject *context, auto done) { store.liveSessions(now, context, done); });
    if (result.status != LoginSessionsResult::Status::Found)
        return {u"Failed: "_s + result.error};
    QStringList sessions;
    for (const StoredLoginSession &stored : result.sessions)
        sessions.append(describe(stored));
    return sessions;
}

} // namespace

class tst_AccountStores : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void accountLifecycle_data() { TestDatabases::addEngineRows(); }
    void accountLifecycle();
    void accountsAreListedByUserId_data() { TestDatabases::addEngineRows(); }
    void accountsAreListedByUserId();
    void passwordColumnHoldsOnlyTheArgon2idHash_data() { TestDatabases::addEngineRows(); }
    void passwordColumnHoldsOnlyTheArgon2idHash();

    void sessionLifecycle_data() { TestDatabases::addEngineRows(); }
    void sessionLifecycle();
    void oldSessionRowsAreDeleted_data() { TestDatabases::addEngineRows(); }
    void oldSessionRowsAreDeleted();
    void sessionRowsHoldOnlyTheTokenHash_data() { TestDatabases::addEngineRows(); }
    void sessionRowsHoldOnlyTheTokenHash();

private:
    // Fresh database of the row's engine with both stores open; fails the test without one.
    bool openStores(DatabaseUrl *url, Stores *stores);

    QTemporaryDir m_dir;
};

void tst_AccountStores::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

bool tst_AccountStores::openStores(DatabaseUrl *url, Stores *stores)
{
    QFETCH(QString, engine);
    QString error;
    const QString text = TestDatabases::freshUrl(engine, m_dir, &error);
    const auto parsed = text.isEmpty() ? std::nullopt : DatabaseUrl::parse(text, &error);
    if (!parsed) {
        QTest::qFail(qPrintable(u"no %1 database: %2"_s.arg(engine, error)), __FILE__, __LINE__);
        return false;
    }
    *url = *parsed;
    stores->database = Database::open(*url, &error);
    if (!stores->database) {
        QTest::qFail(qPrintable(u"cannot open the database: "_s + error), __FILE__, __LINE__);
        return false;
    }
    stores->accounts = std::make_unique<SqlAccountStore>(*stores->database);
    stores->sessions = std::make_unique<SqlLoginSessionStore>(*stores->database);
    return true;
}

// Add, change the password, disable and enable, record a login, remove: each answers what it
// did, and a second add or a change to a missing account changes nothing.
void tst_AccountStores::accountLifecycle()
{
    DatabaseUrl url;
    Stores stores;
    if (!openStores(&url, &stores))
        return;
    AccountStore &accounts = *stores.accounts;
    const QByteArray firstHash = PasswordHasher::hash(kAlicePassword);

    QCOMPARE(describe(create(accounts, kAlice, firstHash)), u"Created"_s);
    QCOMPARE(describe(create(accounts, kAlice, "other", kChangedAt)), u"AlreadyExists"_s);
    auto found = credentials(accounts, kAlice);
    QCOMPARE(found.status, AccountCredentialsResult::Status::Found);
    QCOMPARE(found.passwordHash, firstHash);
    QCOMPARE(describe(found.account),
             u"%1 enabled %2 %2 null"_s.arg(kAlice, describeTime(kCreatedAt)));

    const QByteArray secondHash = PasswordHasher::hash(kAliceNewPassword);
    auto changed = awaitAnswer<AccountResult>([&](QObject *context, auto done) {
        accounts.setPassword(kAlice, secondHash, kChangedAt, testAudit(), context, done);
    });
    QCOMPARE(describe(changed), u"Updated"_s);
    found = credentials(accounts, kAlice);
    QCOMPARE(found.passwordHash, secondHash);
    QVERIFY(PasswordHasher::verify(found.passwordHash, kAliceNewPassword));
    QVERIFY(!PasswordHasher::verify(found.passwordHash, kAlicePassword));
    QCOMPARE(describeTime(found.account.passwordChangedAt), describeTime(kChangedAt));
    QCOMPARE(describeTime(found.account.createdAt), describeTime(kCreatedAt));

    const auto setDisabled = [&](const QString &userId, bool disabled) {
        return describe(awaitAnswer<AccountResult>([&](QObject *context, auto done) {
            accounts.setDisabled(userId, disabled, testAudit(), context, done);
        }));
    };
    QCOMPARE(setDisabled(kAlice, true), u"Updated"_s);
    QCOMPARE(credentials(accounts, kAlice).account.disabled, true);
    QCOMPARE(setDisabled(kAlice, false), u"Updated"_s);
    QCOMPARE(credentials(accounts, kAlice).account.disabled, false);

    auto recorded = awaitAnswer<AccountResult>([&](QObject *context, auto done) {
        accounts.recordLogin(kAlice, kLoginAt, context, done);
    });
    QCOMPARE(describe(recorded), u"Updated"_s);
    QCOMPARE(describeTime(credentials(accounts, kAlice).account.lastLoginAt),
             describeTime(kLoginAt));

    // Nothing of bob's exists to change.
    QCOMPARE(setDisabled(kBob, true), u"NotFound"_s);
    changed = awaitAnswer<AccountResult>([&](QObject *context, auto done) {
        accounts.setPassword(kBob, secondHash, kChangedAt, testAudit(), context, done);
    });
    QCOMPARE(describe(changed), u"NotFound"_s);
    QCOMPARE(credentials(accounts, kBob).status, AccountCredentialsResult::Status::NotFound);

    const auto remove = [&](const QString &userId) {
        return describe(awaitAnswer<AccountResult>([&](QObject *context, auto done) {
            accounts.removeAccount(userId, testAudit(), context, done);
        }));
    };
    QCOMPARE(remove(kAlice), u"Removed"_s);
    QCOMPARE(remove(kAlice), u"NotFound"_s);
    QCOMPARE(credentials(accounts, kAlice).status, AccountCredentialsResult::Status::NotFound);
    QCOMPARE(listed(accounts), QStringList());
}

void tst_AccountStores::accountsAreListedByUserId()
{
    DatabaseUrl url;
    Stores stores;
    if (!openStores(&url, &stores))
        return;
    AccountStore &accounts = *stores.accounts;
    QCOMPARE(listed(accounts), QStringList());
    const QString carol = u"carol@institution.edu"_s;
    for (const QString &userId : {carol, kAlice, kBob})
        QCOMPARE(describe(create(accounts, userId, "hash of " + userId.toUtf8())), u"Created"_s);
    QCOMPARE(describe(awaitAnswer<AccountResult>([&](QObject *context, auto done) {
                 accounts.setDisabled(kBob, true, testAudit(), context, done);
             })),
             u"Updated"_s);
    const QString created = describeTime(kCreatedAt);
    QCOMPARE(listed(accounts), (QStringList{
                                   u"%1 enabled %2 %2 null"_s.arg(kAlice, created),
                                   u"%1 disabled %2 %2 null"_s.arg(kBob, created),
                                   u"%1 enabled %2 %2 null"_s.arg(carol, created),
                               }));
}

// The column holds libsodium's Argon2id encoded string, which verifies the password, and never
// the password itself.
void tst_AccountStores::passwordColumnHoldsOnlyTheArgon2idHash()
{
    DatabaseUrl url;
    Stores stores;
    if (!openStores(&url, &stores))
        return;
    QCOMPARE(describe(create(*stores.accounts, kAlice, PasswordHasher::hash(kAlicePassword))),
             u"Created"_s);

    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    const auto hashes = inspector.rows(u"SELECT password_hash FROM accounts"_s);
    QVERIFY2(hashes, qPrintable(inspector.error()));
    QCOMPARE(hashes->size(), 1);
    const QString stored = hashes->first();
    QVERIFY2(stored.startsWith("$argon2id$v=19$m=65536,t=2,p=1$"_L1), qPrintable(stored));
    QVERIFY(PasswordHasher::verify(stored.toLatin1(), kAlicePassword));
    const auto everything = inspector.rows(u"SELECT * FROM accounts"_s);
    QVERIFY2(everything, qPrintable(inspector.error()));
    QVERIFY2(!everything->join(u'\n').contains(QString::fromLatin1(kAlicePassword)),
             qPrintable(everything->join(u'\n')));
}

// Inserted sessions come back while live, oldest first, field for field; a revoked one does not
// and cannot be revoked twice; an expired one is not live.
void tst_AccountStores::sessionLifecycle()
{
    DatabaseUrl url;
    Stores stores;
    if (!openStores(&url, &stores))
        return;
    LoginSessionStore &sessions = *stores.sessions;
    const StoredLoginSession first = makeSession(u"s-first"_s, kAlice, kCreatedAt, 3600);
    StoredLoginSession second = makeSession(u"s-second"_s, kBob, kCreatedAt.addSecs(60), 3600);
    second.session.endpoint.clear(); // a desktop that named no endpoint
    const StoredLoginSession shortLived =
        makeSession(u"s-short"_s, kAlice, kCreatedAt.addSecs(120), 600);
    for (const auto &session : {second, shortLived, first})
        QCOMPARE(describe(insert(sessions, session)), u"Written"_s);

    const QDateTime now = kCreatedAt.addSecs(300);
    QCOMPARE(live(sessions, now),
             (QStringList{describe(first), describe(second), describe(shortLived)}));
    // Ten minutes after its creation the short one has expired: live means before expires_at.
    QCOMPARE(live(sessions, shortLived.session.expiresAt),
             (QStringList{describe(first), describe(second)}));

    QCOMPARE(describe(revoke(sessions, u"s-first"_s, now)), u"Written"_s);
    QCOMPARE(describe(revoke(sessions, u"s-first"_s, now.addSecs(1))), u"NotFound"_s);
    QCOMPARE(describe(revoke(sessions, u"s-unknown"_s, now)), u"NotFound"_s);
    QCOMPARE(live(sessions, now), (QStringList{describe(second), describe(shortLived)}));

    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    // The row stays, marked (each engine has its own type for times).
    const auto revokedRows = inspector.rows(
        u"SELECT session_id FROM sessions WHERE revoked_at IS NOT NULL ORDER BY session_id"_s);
    QVERIFY2(revokedRows, qPrintable(inspector.error()));
    QCOMPARE(*revokedRows, QStringList{u"s-first"_s});
}

// deleteOldSessions removes the rows of sessions that expired or were revoked before the cut,
// and keeps live ones and those that ended after it.
void tst_AccountStores::oldSessionRowsAreDeleted()
{
    DatabaseUrl url;
    Stores stores;
    if (!openStores(&url, &stores))
        return;
    LoginSessionStore &sessions = *stores.sessions;
    const QDateTime cut = kCreatedAt.addDays(7);
    // Expired before the cut, revoked before it, revoked after it, and still live.
    QCOMPARE(describe(insert(sessions, makeSession(u"expired"_s, kAlice, kCreatedAt, 3600))),
             u"Written"_s);
    QCOMPARE(
        describe(insert(sessions, makeSession(u"revoked-early"_s, kAlice, kCreatedAt, 30 * 86400))),
        u"Written"_s);
    QCOMPARE(
        describe(insert(sessions, makeSession(u"revoked-late"_s, kBob, kCreatedAt, 30 * 86400))),
        u"Written"_s);
    QCOMPARE(describe(insert(sessions, makeSession(u"live"_s, kBob, kCreatedAt, 30 * 86400))),
             u"Written"_s);
    QCOMPARE(describe(revoke(sessions, u"revoked-early"_s, cut.addSecs(-1))), u"Written"_s);
    QCOMPARE(describe(revoke(sessions, u"revoked-late"_s, cut.addSecs(1))), u"Written"_s);

    const auto deleted = awaitAnswer<LoginSessionWriteResult>(
        [&](QObject *context, auto done) { sessions.deleteOldSessions(cut, context, done); });
    QCOMPARE(describe(deleted), u"Written"_s);

    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    const auto ids = inspector.rows(u"SELECT session_id FROM sessions ORDER BY session_id"_s);
    QVERIFY2(ids, qPrintable(inspector.error()));
    QCOMPARE(*ids, (QStringList{u"live"_s, u"revoked-late"_s}));
}

// The table's only trace of a token is its SHA-256: no column holds the token.
void tst_AccountStores::sessionRowsHoldOnlyTheTokenHash()
{
    DatabaseUrl url;
    Stores stores;
    if (!openStores(&url, &stores))
        return;
    const QByteArray token = "Zt0k3n-of-256-random-bits-in-base64url-form";
    StoredLoginSession stored = makeSession(u"s-1"_s, kAlice, kCreatedAt, 3600);
    stored.tokenHash = sha256Hex(token);
    QCOMPARE(describe(insert(*stores.sessions, stored)), u"Written"_s);

    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    const auto rows = inspector.rows(u"SELECT * FROM sessions"_s);
    QVERIFY2(rows, qPrintable(inspector.error()));
    QCOMPARE(rows->size(), 1);
    QVERIFY2(!rows->first().contains(QString::fromLatin1(token)), qPrintable(rows->first()));
    const auto hash = inspector.rows(u"SELECT token_hash FROM sessions"_s);
    QVERIFY2(hash, qPrintable(inspector.error()));
    QCOMPARE(*hash, QStringList{QString::fromLatin1(sha256Hex(token))});
}

QTEST_GUILESS_MAIN(tst_AccountStores)
#include "tst_accountstores.moc"
