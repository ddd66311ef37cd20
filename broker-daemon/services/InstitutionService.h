#pragma once

#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "domain/InstitutionSettings.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <optional>

namespace ddalab {

class AuditTrail;

class InstitutionStore;

// The institution's settings as the running broker applies them: read from the store at start
// (seeded from INSTITUTION_NAME at the first start), changed by administrators, and applied at
// once. The expiry rules it holds are the live ones ShareService decides with; `changed` tells
// the monitor feed and the mDNS announcement. Changes are applied one after another, each to the
// settings the one before it left, so that two administrators' partial changes do not undo each
// other.
class InstitutionService : public QObject
{
    Q_OBJECT
public:
    // Changes waiting behind the one being stored; more are refused as Busy.
    static constexpr size_t kMaxWaitingChanges = 16;

    // What a change does to the current settings: the new settings, or nullopt with the reason
    // (naming the field at fault) in error.
    using Change = std::function<std::optional<InstitutionSettings>(
        const InstitutionSettings &current, QString *error)>;
    struct Outcome
    {
        enum class Status { Updated, Invalid, Busy, Failed };
        Status status = Status::Failed;
        InstitutionSettings settings; // Updated: what is stored and applied now
        QString error;                // Invalid: why
    };

    InstitutionService(InstitutionStore &store, const Clock &clock, AuditTrail &audit,
                       QObject *parent = nullptr);

    // The settings of a broker that has none stored yet: DDALAB's expiry defaults, HIPAA mode
    // and federation off, INSTITUTION_NAME as the name, and a new random id.
    static InstitutionSettings seed(const QString &institutionName);
    // At start, before the broker listens: the stored settings (seed stored first when there
    // are none). done gets an empty string, or the database's reason.
    void load(const InstitutionSettings &seed, std::function<void(const QString &error)> done);

    // Another replica changed the settings (or may have, unheard): they are read again and, when
    // they differ, applied and told like a change made here.
    void changedElsewhere();

    const InstitutionSettings &settings() const { return m_settings; }
    // The rules ShareService decides with: one object for the service's lifetime, changed in
    // place by every change.
    const ShareExpiryRules &expiryRules() const { return m_settings.expiry; }

    // Applies change (after those still waiting), stores the result and then applies it.
    // `by` is the administrator; the change commits with its institution.changed audit row,
    // whose details are the fields that changed, with their new values. A change that changes
    // nothing is not stored.
    void update(Change change, const AuditActor &by, QObject *context,
                std::function<void(const Outcome &)> done);

signals:
    void changed(const ddalab::InstitutionSettings &settings);

private:
    struct Waiting
    {
        Change change;
        AuditActor by;
        QPointer<QObject> context;
        std::function<void(const Outcome &)> done;
    };
    void startNext();
    // The audit row's details: the settings' fields (as the API names them) that differ.
    static QJsonObject changedFields(const InstitutionSettings &before,
                                     const InstitutionSettings &after);
    void finish(const Waiting &waiting, const Outcome &outcome);

    InstitutionStore &m_store;
    const Clock &m_clock;
    AuditTrail &m_audit;
    InstitutionSettings m_settings;
    std::deque<Waiting> m_waiting;
    bool m_storing = false;
};

} // namespace ddalab
