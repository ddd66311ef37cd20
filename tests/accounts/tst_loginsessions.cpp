// LoginSessions in process on a real store of each engine, with a manual clock: a session opens
// the way until SESSION_TIMEOUT has passed and not a moment after, its seconds count down,
// revoking ends it at once and tells whoever closes its connections, sessions come back after a
// restart, a user keeps at most 64, and the database holds only the SHA-256 of a token.

#include "auth/LoginSessions.h"
#include "config/DatabaseUrl.h"
#include "storage/Database.h"
#include "storage/SqlLoginSessionStore.h"
#include "support/DatabaseInspector.h"
#include "support/ManualClock.h"
#include "support/TestAudit.h"
#include "support/TestDatabases.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using std::chrono::seconds;

namespace {

constexpr int kAnswerTimeoutMs = 10000;
constexpr seconds kLifetime{3600};
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;
const QString kAddress = u"192.168.1.50"_s;
const QDateTime kStart(QDate(2026, 3, 3), QTime(12, 0), Qt::UTC);

// The store on its database, and the sessions on the store, in the daemon's order.
struct Sessions
{
    std::unique_ptr<Database> database;
    std::unique_ptr<SqlLoginSessionStore> store;
    std::unique_ptr<LoginSessions> sessions;
};

// Opens a session and waits for it to be stored; a failed Opened when no answer came.
LoginSessions::Opened open(LoginSessions &sessions, const QString &userId,
                           const QString &endpoint = kEndpoint)
{
    QObject context;
    std::optional<LoginSessions::Opened> opened;
    sessions.open(userId, endpoint, kAddress, testAudit(), &context,
                  [&opened](const LoginSessions::Opened &answer) { opened = answer; });
    if (!QTest::qWaitFor([&] { return opened.has_value(); }, kAnswerTimeoutMs))
        return {};
    return *opened;
}

// true: revoked; false: refused; nullopt: no answer.
std::optional<bool> revoke(LoginSessions &sessions, const QString &sessionId)
{
    QObject context;
    std::optional<bool> revoked;
    sessions.revoke(sessionId, testAudit(), &context,
                    [&revoked](bool answer) { revoked = answer; });
    if (!QTest::qWaitFor([&] { return revoked.has_value(); }, kAnswerTimeoutMs))
        return std::nullopt;
    return revoked;
}

QStringList idsOf(const QList<LoginSession> &sessions)
{
    QStringList ids;
    for (const LoginSession &session : sessions)
        ids.append(session.sessionId);
    return ids;
}

} // namespace

class tst_LoginSessions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void validUntilTheTimeout_data() { TestDatabases::addEngineRows(); }
    void validUntilTheTimeout();
    void revokedEndsAtOnce_data() { TestDatabases::addEngineRows(); }
    void revokedEndsAtOnce();
    void revokeAllOfEndsOneUsersSessions_data() { TestDatabases::addEngineRows(); }
    void revokeAllOfEndsOneUsersSessions();
    void liveSessionsComeBackAfterARestart_data() { TestDatabases::addEngineRows(); }
    void liveSessionsComeBackAfterARestart();
    void aUserKeepsAtMost64_data() { TestDatabases::addEngineRows(); }
    void aUserKeepsAtMost64();
    void databaseHoldsOnlyTheTokensHash_data() { TestDatabases::addEngineRows(); }
    void databaseHoldsOnlyTheTokensHash();

private:
    // A fresh database of the row's engine (url receives it); fails the test without one.
    bool freshUrl(DatabaseUrl *url);
    // LoginSessions on the database at url, loaded; fails the test when it cannot.
    bool openSessions(const DatabaseUrl &url, const ManualClock &clock, Sessions *sessions);

    QTemporaryDir m_dir;
};

void tst_LoginSessions::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

bool tst_LoginSessions::freshUrl(DatabaseUrl *url)
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
    return true;
}

bool tst_LoginSessions::openSessions(const DatabaseUrl &url, const ManualClock &clock,
                                     Sessions *sessions)
{
    QString error;
    sessions->database = Database::open(url, &error);
    if (!sessions->database) {
        QTest::qFail(qPrintable(u"cannot open the database: "_s + error), __FILE__, __LINE__);
        return false;
    }
    sessions->store = std::make_unique<SqlLoginSessionStore>(*sessions->database);
    sessions->sessions = std::make_unique<LoginSessions>(*sessions->store, clock, kLifetime);
    std::optional<QString> loadError;
    sessions->sessions->load([&loadError](const QString &failure) { loadError = failure; });
    if (!QTest::qWaitFor([&] { return loadError.has_value(); }, kAnswerTimeoutMs) ||
        !loadError->isEmpty()) {
        QTest::qFail(qPrintable(u"sessions not loaded: "_s + loadError.value_or(u"no answer"_s)),
                     __FILE__, __LINE__);
        return false;
    }
    return true;
}

void tst_LoginSessions::validUntilTheTimeout()
{
    DatabaseUrl url;
    if (!freshUrl(&url))
        return;
    ManualClock clock(kStart);
    Sessions s;
    if (!openSessions(url, clock, &s))
        return;
    LoginSessions &sessions = *s.sessions;

    const auto opened = open(sessions, kAlice);
    QVERIFY(opened.ok);
    // 256 random bits, unpadded base64url.
    QCOMPARE(opened.token.size(), 43);
    QVERIFY2(QRegularExpression(u"^[A-Za-z0-9_-]{43}$"_s).match(opened.token).hasMatch(),
             qPrintable(opened.token));
    QCOMPARE(opened.session.userId, kAlice);
    QCOMPARE(opened.session.createdAt, kStart);
    QCOMPARE(opened.session.expiresAt, kStart.addSecs(kLifetime.count()));

    auto found = sessions.find(opened.token.toLatin1());
    QVERIFY(found);
    QCOMPARE(found->sessionId, opened.session.sessionId);
    QCOMPARE(sessions.secondsLeft(*found), kLifetime.count());
    clock.advance(seconds(1));
    QCOMPARE(sessions.secondsLeft(*found), kLifetime.count() - 1);
    clock.advance(kLifetime - seconds(2));
    found = sessions.find(opened.token.toLatin1());
    QVERIFY2(found, "a second before the timeout the session still holds");
    QCOMPARE(sessions.secondsLeft(*found), 1);
    QCOMPARE(idsOf(sessions.list(kAlice)), QStringList{opened.session.sessionId});

    clock.advance(seconds(1));
    QVERIFY2(!sessions.find(opened.token.toLatin1()), "the session outlived its timeout");
    QCOMPARE(idsOf(sessions.list()), QStringList());
    QCOMPARE(sessions.countOf(kAlice), 0);
    // Nobody else's token opens it either.
    QVERIFY(!sessions.find("not-a-token"));
}

void tst_LoginSessions::revokedEndsAtOnce()
{
    DatabaseUrl url;
    if (!freshUrl(&url))
        return;
    ManualClock clock(kStart);
    Sessions s;
    if (!openSessions(url, clock, &s))
        return;
    LoginSessions &sessions = *s.sessions;
    QSignalSpy revokedSpy(&sessions, &LoginSessions::revoked);
    const auto laptop = open(sessions, kAlice);
    const auto desktop = open(sessions, kAlice);
    QVERIFY(laptop.ok && desktop.ok);

    QCOMPARE(revoke(sessions, laptop.session.sessionId), std::optional(true));
    QVERIFY(!sessions.find(laptop.token.toLatin1()));
    QVERIFY(sessions.find(desktop.token.toLatin1()));
    QCOMPARE(revokedSpy.size(), 1);
    QCOMPARE(revokedSpy.first().first().toString(), laptop.session.sessionId);

    QCOMPARE(revoke(sessions, laptop.session.sessionId), std::optional(false));
    QCOMPARE(revoke(sessions, u"no-such-session"_s), std::optional(false));
    QCOMPARE(revokedSpy.size(), 1);
}

void tst_LoginSessions::revokeAllOfEndsOneUsersSessions()
{
    DatabaseUrl url;
    if (!freshUrl(&url))
        return;
    ManualClock clock(kStart);
    Sessions s;
    if (!openSessions(url, clock, &s))
        return;
    LoginSessions &sessions = *s.sessions;
    QSignalSpy revokedSpy(&sessions, &LoginSessions::revoked);
    const auto alice1 = open(sessions, kAlice);
    const auto bob = open(sessions, kBob);
    const auto alice2 = open(sessions, kAlice);
    QVERIFY(alice1.ok && bob.ok && alice2.ok);

    sessions.revokeAllOf(kAlice);
    QVERIFY(!sessions.find(alice1.token.toLatin1()));
    QVERIFY(!sessions.find(alice2.token.toLatin1()));
    QVERIFY(sessions.find(bob.token.toLatin1()));
    QCOMPARE(revokedSpy.size(), 2);
    QCOMPARE(idsOf(sessions.list()), QStringList{bob.session.sessionId});

    // The revocations are stored: a restart does not bring them back.
    s.sessions.reset();
    s.store.reset();
    s.database.reset();
    if (!openSessions(url, clock, &s))
        return;
    QCOMPARE(idsOf(s.sessions->list()), QStringList{bob.session.sessionId});
}

void tst_LoginSessions::liveSessionsComeBackAfterARestart()
{
    DatabaseUrl url;
    if (!freshUrl(&url))
        return;
    ManualClock clock(kStart);
    Sessions s;
    if (!openSessions(url, clock, &s))
        return;
    const auto early = open(*s.sessions, kAlice, QString());
    clock.advance(seconds(600));
    const auto late = open(*s.sessions, kBob);
    QVERIFY(early.ok && late.ok);

    s.sessions.reset();
    s.store.reset();
    s.database.reset();
    // Back after 50 minutes: both are live. Ten more minutes: only the later one.
    clock.advance(seconds(50 * 60 - 600));
    if (!openSessions(url, clock, &s))
        return;
    auto found = s.sessions->find(early.token.toLatin1());
    QVERIFY(found);
    QCOMPARE(found->sessionId, early.session.sessionId);
    QCOMPARE(found->userId, kAlice);
    QCOMPARE(found->createdAt, early.session.createdAt);
    QCOMPARE(found->expiresAt, early.session.expiresAt);
    QCOMPARE(found->clientAddress, kAddress);
    QCOMPARE(found->endpoint, QString());
    QCOMPARE(s.sessions->secondsLeft(*found), 600);
    QCOMPARE(idsOf(s.sessions->list()),
             (QStringList{early.session.sessionId, late.session.sessionId}));

    s.sessions.reset();
    s.store.reset();
    s.database.reset();
    clock.advance(seconds(600));
    if (!openSessions(url, clock, &s))
        return;
    QVERIFY(!s.sessions->find(early.token.toLatin1()));
    found = s.sessions->find(late.token.toLatin1());
    QVERIFY(found);
    QCOMPARE(found->endpoint, kEndpoint);
}

// A 65th session ends the user's oldest; other users keep theirs.
void tst_LoginSessions::aUserKeepsAtMost64()
{
    DatabaseUrl url;
    if (!freshUrl(&url))
        return;
    ManualClock clock(kStart);
    Sessions s;
    if (!openSessions(url, clock, &s))
        return;
    LoginSessions &sessions = *s.sessions;
    QSignalSpy revokedSpy(&sessions, &LoginSessions::revoked);
    const auto bob = open(sessions, kBob);
    QList<LoginSessions::Opened> alice;
    for (int i = 0; i < LoginSessions::kMaxPerUser + 1; ++i) {
        alice.append(open(sessions, kAlice));
        QVERIFY(alice.last().ok);
        clock.advance(seconds(1));
    }
    QCOMPARE(sessions.countOf(kAlice), LoginSessions::kMaxPerUser);
    QVERIFY(!sessions.find(alice.first().token.toLatin1()));
    QVERIFY(sessions.find(alice[1].token.toLatin1()));
    QVERIFY(sessions.find(alice.last().token.toLatin1()));
    QVERIFY(sessions.find(bob.token.toLatin1()));
    // Its connections stay open: nobody is told to close them.
    QCOMPARE(revokedSpy.size(), 0);
}

void tst_LoginSessions::databaseHoldsOnlyTheTokensHash()
{
    DatabaseUrl url;
    if (!freshUrl(&url))
        return;
    ManualClock clock(kStart);
    Sessions s;
    if (!openSessions(url, clock, &s))
        return;
    QStringList tokens;
    for (const QString &userId : {kAlice, kBob, kAlice}) {
        const auto opened = open(*s.sessions, userId);
        QVERIFY(opened.ok);
        tokens.append(opened.token);
    }
    QCOMPARE(revoke(*s.sessions, s.sessions->list(kBob).first().sessionId), std::optional(true));

    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    const auto rows = inspector.rows(u"SELECT * FROM sessions"_s);
    QVERIFY2(rows, qPrintable(inspector.error()));
    QCOMPARE(rows->size(), 3);
    const QString everything = rows->join(u'\n');
    for (const QString &token : std::as_const(tokens)) {
        QVERIFY2(!everything.contains(token), qPrintable(everything));
        // Not even half of one.
        QVERIFY2(!everything.contains(token.left(16)), qPrintable(everything));
    }
    auto hashes = inspector.rows(u"SELECT token_hash FROM sessions ORDER BY created_at"_s);
    QVERIFY2(hashes, qPrintable(inspector.error()));
    QStringList expected;
    for (const QString &token : std::as_const(tokens))
        expected.append(QString::fromLatin1(
            QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex()));
    QCOMPARE(QSet<QString>(hashes->cbegin(), hashes->cend()),
             QSet<QString>(expected.cbegin(), expected.cend()));
}

QTEST_GUILESS_MAIN(tst_LoginSessions)
#include "tst_loginsessions.moc"
