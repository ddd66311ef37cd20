// ShareService and ShareExpirySweeper in process on a real store of each engine, with a manual
// clock: a share published with no expiry is gone on day 31 without anyone touching it (cached
// or not), the sweep announces each expiry once, the owner still lists it and extends it by
// publishing again, ended shares are purged SHARE_RETENTION_DAYS after they ended, and
// max_downloads refuses the requests past the limit.

#include "config/DatabaseUrl.h"
#include "domain/PresenceRegistry.h"
#include "domain/ShareExpiryRules.h"
#include "services/AuditTrail.h"
#include "services/ShareExpirySweeper.h"
#include "services/ShareService.h"
#include "services/TeamMemberCheck.h"
#include "storage/Database.h"
#include "storage/SqlAuditStore.h"
#include "storage/SqlShareStore.h"
#include "storage/SqlTeamStore.h"
#include "support/ManualClock.h"
#include "support/StoreAnswer.h"
#include "support/TestDatabases.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

constexpr int kAnswerTimeoutMs = 10000;
constexpr int kRetentionDays = 7;
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QDateTime kStart(QDate(2026, 3, 3), QTime(12, 0, 0, 125), Qt::UTC);

std::chrono::milliseconds days(int count)
{
    return hours(24 * count);
}

ShareRecord makeShare(const QString &token, const QDateTime &createdAt)
{
    ShareRecord share;
    share.token = token;
    share.metadata.ownerUserId = kAlice;
    share.metadata.resultId = u"result-"_s + token;
    share.metadata.title = u"My DDA Analysis"_s;
    share.metadata.createdAt = createdAt;
    share.metadata.accessPolicy = AccessPolicy::makePublic();
    return share;
}

// The daemon's pieces in its order: the database first, so that it outlives the rest.
struct Broker
{
    std::unique_ptr<Database> database;
    std::unique_ptr<SqlShareStore> shares;
    std::unique_ptr<SqlTeamStore> teams;
    std::unique_ptr<SqlAuditStore> auditStore;
    std::unique_ptr<AuditTrail> audit;
    std::unique_ptr<TeamMemberCheck> membership;
    std::unique_ptr<PresenceRegistry> presence;
    ShareExpiryRules rules;
    std::unique_ptr<ShareService> service;
    std::unique_ptr<ShareExpirySweeper> sweeper;
    QList<ExpiredShare> announced; // every shareExpired, in order
};

QString statusName(ShareAccess::Status status)
{
    switch (status) {
    case ShareAccess::Status::Granted:
        return u"Granted"_s;
    case ShareAccess::Status::NotFound:
        return u"NotFound"_s;
    case ShareAccess::Status::Denied:
        return u"Denied"_s;
    case ShareAccess::Status::LimitReached:
        return u"LimitReached"_s;
    case ShareAccess::Status::Failed:
        break;
    }
    return u"Failed"_s;
}

QString publishStatusName(const PublishResult &result)
{
    switch (result.status) {
    case PublishResult::Status::Created:
        return u"Created"_s;
    case PublishResult::Status::Updated:
        return u"Updated"_s;
    case PublishResult::Status::TokenTaken:
        return u"TokenTaken"_s;
    case PublishResult::Status::TokenRevoked:
        return u"TokenRevoked"_s;
    case PublishResult::Status::ExpiryInPast:
        return u"ExpiryInPast"_s;
    case PublishResult::Status::PhiNotPublic:
        return u"PhiNotPublic"_s;
    case PublishResult::Status::Failed:
        break;
    }
    return u"Failed: "_s + result.error;
}

// What ShareService answers a lookup, as a status name ("no answer" when none came).
QString lookup(ShareService &service, const QString &token, const QString &requester = kBob)
{
    QObject context;
    std::optional<ShareAccess> access;
    service.lookup(token, AuditActor{requester, {}}, &context,
                   [&access](const ShareAccess &answer) { access = answer; });
    if (!QTest::qWaitFor([&] { return access.has_value(); }, kAnswerTimeoutMs))
        return u"no answer"_s;
    return statusName(access->status);
}

QString publish(ShareService &service, const ShareRecord &share)
{
    return publishStatusName(awaitAnswer<PublishResult>([&](QObject *context, auto done) {
        service.publish(AuditActor{kAlice, {}}, share, context, done);
    }));
}

std::optional<OwnedShares> listOwned(ShareService &service, const QString &owner)
{
    QObject context;
    std::optional<OwnedShares> owned;
    service.listOwned(owner, &context, [&owned](const OwnedShares &answer) { owned = answer; });
    if (!QTest::qWaitFor([&] { return owned.has_value(); }, kAnswerTimeoutMs))
        return std::nullopt;
    return owned;
}

LookupResult findInStore(ShareStore &store, const QString &token)
{
    return awaitAnswer<LookupResult>(
        [&](QObject *context, auto done) { store.findShare(token, context, done); });
}

// One sweep; its (expired, purged) counts, or (-2, -2) when it did not finish.
QPair<int, int> sweep(ShareExpirySweeper &sweeper)
{
    QSignalSpy swept(&sweeper, &ShareExpirySweeper::swept);
    sweeper.sweepNow();
    if (!swept.wait(kAnswerTimeoutMs) && swept.isEmpty())
        return {-2, -2};
    return {swept.first().at(0).toInt(), swept.first().at(1).toInt()};
}

} // namespace

class tst_ShareServiceExpiry : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void goneOnDay31WithoutAnyoneTouchingIt_data() { TestDatabases::addEngineRows(); }
    void goneOnDay31WithoutAnyoneTouchingIt();
    void sweepAnnouncesEachExpiryOnce_data() { TestDatabases::addEngineRows(); }
    void sweepAnnouncesEachExpiryOnce();
    void ownerListsAndExtendsAnExpiredShare_data() { TestDatabases::addEngineRows(); }
    void ownerListsAndExtendsAnExpiredShare();
    void endedSharesPurgedAfterTheRetention_data() { TestDatabases::addEngineRows(); }
    void endedSharesPurgedAfterTheRetention();
    void maxDownloadsRefusesPastTheLimit_data() { TestDatabases::addEngineRows(); }
    void maxDownloadsRefusesPastTheLimit();

private:
    // The service and sweeper on a fresh database of the row's engine; fails the test without.
    bool openBroker(const ManualClock &clock, Broker *broker);

    QTemporaryDir m_dir;
};

void tst_ShareServiceExpiry::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

bool tst_ShareServiceExpiry::openBroker(const ManualClock &clock, Broker *broker)
{
    QFETCH(QString, engine);
    QString error;
    const QString text = TestDatabases::freshUrl(engine, m_dir, &error);
    const auto url = text.isEmpty() ? std::nullopt : DatabaseUrl::parse(text, &error);
    if (url)
        broker->database = Database::open(*url, &error);
    if (!broker->database) {
        QTest::qFail(qPrintable(u"no %1 database: %2"_s.arg(engine, error)), __FILE__, __LINE__);
        return false;
    }
    broker->shares = std::make_unique<SqlShareStore>(*broker->database);
    broker->teams = std::make_unique<SqlTeamStore>(*broker->database);
    broker->membership = std::make_unique<TeamMemberCheck>(*broker->teams, nullptr);
    broker->presence = std::make_unique<PresenceRegistry>(clock, seconds(90));
    broker->auditStore = std::make_unique<SqlAuditStore>(*broker->database);
    broker->audit =
        std::make_unique<AuditTrail>(*broker->auditStore, clock, true, std::chrono::seconds(1));
    broker->service =
        std::make_unique<ShareService>(*broker->shares, *broker->membership, *broker->presence,
                                       clock, broker->rules, *broker->audit, 100);
    broker->sweeper =
        std::make_unique<ShareExpirySweeper>(*broker->shares, clock, seconds(60), kRetentionDays);
    QObject::connect(broker->sweeper.get(), &ShareExpirySweeper::shareExpired,
                     broker->sweeper.get(),
                     [broker](const ExpiredShare &share) { broker->announced.append(share); });
    return true;
}

void tst_ShareServiceExpiry::goneOnDay31WithoutAnyoneTouchingIt()
{
    ManualClock clock(kStart);
    Broker b;
    if (!openBroker(clock, &b))
        return;
    // "cached" is looked up before it expires (the service keeps it), "untouched" never is.
    QCOMPARE(publish(*b.service, makeShare(u"cached"_s, kStart)), u"Created"_s);
    QCOMPARE(publish(*b.service, makeShare(u"untouched"_s, kStart)), u"Created"_s);

    clock.advance(days(29));
    QCOMPARE(lookup(*b.service, u"cached"_s), u"Granted"_s);
    QCOMPARE(lookup(*b.service, u"cached"_s, QString()), u"Granted"_s);

    clock.advance(days(2));
    QCOMPARE(lookup(*b.service, u"cached"_s), u"NotFound"_s);
    QCOMPARE(lookup(*b.service, u"cached"_s, QString()), u"NotFound"_s);
    QCOMPARE(lookup(*b.service, u"untouched"_s), u"NotFound"_s);
    // Its owner is refused too: an expired share serves nobody.
    QCOMPARE(lookup(*b.service, u"untouched"_s, kAlice), u"NotFound"_s);
    // No sweep ran: the lookup alone decided.
    QVERIFY(b.announced.isEmpty());
}

void tst_ShareServiceExpiry::sweepAnnouncesEachExpiryOnce()
{
    ManualClock clock(kStart);
    Broker b;
    if (!openBroker(clock, &b))
        return;
    QCOMPARE(publish(*b.service, makeShare(u"monthly"_s, kStart)), u"Created"_s);
    ShareRecord weekly = makeShare(u"weekly"_s, kStart);
    weekly.metadata.classification = Classification::Phi;
    QCOMPARE(publish(*b.service, weekly), u"Created"_s);

    QCOMPARE(sweep(*b.sweeper), qMakePair(0, 0));
    QVERIFY(b.announced.isEmpty());

    clock.advance(days(8));
    QCOMPARE(sweep(*b.sweeper).first, 1);
    QCOMPARE(b.announced.size(), 1);
    QCOMPARE(b.announced.at(0).token, u"weekly"_s);
    QCOMPARE(b.announced.at(0).ownerUserId, kAlice);
    QCOMPARE(b.announced.at(0).expiresAt, kStart.addDays(7));

    clock.advance(days(23));
    QCOMPARE(sweep(*b.sweeper).first, 1);
    QCOMPARE(b.announced.size(), 2);
    QCOMPARE(b.announced.at(1).token, u"monthly"_s);
    QCOMPARE(b.announced.at(1).expiresAt, kStart.addDays(30));

    // A second sweep finds nothing new.
    QCOMPARE(sweep(*b.sweeper).first, 0);
    QCOMPARE(b.announced.size(), 2);
}

void tst_ShareServiceExpiry::ownerListsAndExtendsAnExpiredShare()
{
    ManualClock clock(kStart);
    Broker b;
    if (!openBroker(clock, &b))
        return;
    QCOMPARE(publish(*b.service, makeShare(u"extended"_s, kStart)), u"Created"_s);
    QCOMPARE(lookup(*b.service, u"extended"_s), u"Granted"_s);

    clock.advance(days(31));
    QCOMPARE(lookup(*b.service, u"extended"_s), u"NotFound"_s);
    QCOMPARE(sweep(*b.sweeper).first, 1);

    const auto owned = listOwned(*b.service, kAlice);
    QVERIFY(owned && owned->ok);
    QCOMPARE(owned->shares.size(), 1);
    QCOMPARE(owned->shares.at(0).token, u"extended"_s);
    QCOMPARE(owned->shares.at(0).metadata.expiresAt, std::optional(kStart.addDays(30)));
    QVERIFY(*owned->shares.at(0).metadata.expiresAt < clock.now());

    // Its owner publishes the token again: another 30 days from now.
    const QDateTime republishedAt = clock.now();
    QCOMPARE(publish(*b.service, makeShare(u"extended"_s, republishedAt)), u"Updated"_s);
    QCOMPARE(lookup(*b.service, u"extended"_s), u"Granted"_s);
    const LookupResult stored = findInStore(*b.shares, u"extended"_s);
    QCOMPARE(stored.status, LookupResult::Status::Found);
    QCOMPARE(stored.share.metadata.expiresAt, std::optional(republishedAt.addDays(30)));

    // Not announced again until the new expiry passes, then announced once more.
    QCOMPARE(sweep(*b.sweeper).first, 0);
    clock.advance(days(31));
    QCOMPARE(lookup(*b.service, u"extended"_s), u"NotFound"_s);
    QCOMPARE(sweep(*b.sweeper).first, 1);
    QCOMPARE(b.announced.size(), 2);
    QCOMPARE(b.announced.at(1).expiresAt, republishedAt.addDays(30));
}

void tst_ShareServiceExpiry::endedSharesPurgedAfterTheRetention()
{
    ManualClock clock(kStart);
    Broker b;
    if (!openBroker(clock, &b))
        return;
    QCOMPARE(publish(*b.service, makeShare(u"expiring"_s, kStart)), u"Created"_s);
    QCOMPARE(publish(*b.service, makeShare(u"revoked"_s, kStart)), u"Created"_s);
    const RevokeResult revoked = awaitAnswer<RevokeResult>([&](QObject *context, auto done) {
        b.service->revoke(AuditActor{kAlice, {}}, u"revoked"_s, context, done);
    });
    QCOMPARE(revoked.status, RevokeResult::Status::Revoked);

    // Within the retention after the revocation: kept.
    clock.advance(days(kRetentionDays) - hours(1));
    QCOMPARE(sweep(*b.sweeper), qMakePair(0, 0));
    QCOMPARE(findInStore(*b.shares, u"revoked"_s).status, LookupResult::Status::Found);

    // Past it: the revoked share goes, the live one stays.
    clock.advance(hours(2));
    QCOMPARE(sweep(*b.sweeper), qMakePair(0, 1));
    QCOMPARE(findInStore(*b.shares, u"revoked"_s).status, LookupResult::Status::NotFound);
    QCOMPARE(findInStore(*b.shares, u"expiring"_s).status, LookupResult::Status::Found);

    // Expired on day 30, kept through the retention (the owner may still extend it) ...
    // (now day 7 and an hour; to day 37 less an hour)
    clock.advance(days(30) - hours(2));
    QCOMPARE(sweep(*b.sweeper), qMakePair(1, 0));
    QCOMPARE(findInStore(*b.shares, u"expiring"_s).status, LookupResult::Status::Found);
    // ... and purged after it.
    clock.advance(hours(2));
    QCOMPARE(sweep(*b.sweeper), qMakePair(0, 1));
    QCOMPARE(findInStore(*b.shares, u"expiring"_s).status, LookupResult::Status::NotFound);
    QCOMPARE(lookup(*b.service, u"expiring"_s), u"NotFound"_s);
}

void tst_ShareServiceExpiry::maxDownloadsRefusesPastTheLimit()
{
    ManualClock clock(kStart);
    Broker b;
    if (!openBroker(clock, &b))
        return;
    ShareRecord limited = makeShare(u"limited"_s, kStart);
    limited.metadata.maxDownloads = 2;
    QCOMPARE(publish(*b.service, limited), u"Created"_s);

    QCOMPARE(lookup(*b.service, u"limited"_s), u"Granted"_s);
    QCOMPARE(lookup(*b.service, u"limited"_s, QString()), u"Granted"_s);
    QCOMPARE(lookup(*b.service, u"limited"_s), u"LimitReached"_s);
    QCOMPARE(lookup(*b.service, u"limited"_s, kAlice), u"LimitReached"_s);
    // A share without a limit is not affected.
    QCOMPARE(publish(*b.service, makeShare(u"unlimited"_s, kStart)), u"Created"_s);
    for (int request = 0; request < 5; ++request)
        QCOMPARE(lookup(*b.service, u"unlimited"_s), u"Granted"_s);
}

QTEST_GUILESS_MAIN(tst_ShareServiceExpiry)
#include "tst_shareserviceexpiry.moc"
