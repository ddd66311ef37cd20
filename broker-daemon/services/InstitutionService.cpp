#include "services/InstitutionService.h"

#include "logging/LogCategories.h"
#include "protocol/InstitutionJson.h"
#include "services/AuditTrail.h"
#include "storage/InstitutionStore.h"

#include <QUuid>

namespace ddalab {

using namespace Qt::StringLiterals;

InstitutionService::InstitutionService(InstitutionStore &store, const Clock &clock,
                                       AuditTrail &audit, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_audit(audit)
{
}

QJsonObject InstitutionService::changedFields(const InstitutionSettings &before,
                                              const InstitutionSettings &after)
{
    const QJsonObject old = protocol::institution_json::toJson(before);
    QJsonObject changed;
    const QJsonObject now = protocol::institution_json::toJson(after);
    for (auto field = now.begin(); field != now.end(); ++field) {
        if (old.value(field.key()) != field.value())
            changed.insert(field.key(), field.value());
    }
    return changed;
}

InstitutionSettings InstitutionService::seed(const QString &institutionName)
{
    InstitutionSettings settings;
    settings.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    settings.name = institutionName;
    return settings;
}

void InstitutionService::load(const InstitutionSettings &seed,
                              std::function<void(const QString &error)> done)
{
    m_store.loadSettings(
        seed, m_clock.now(), this, [this, done = std::move(done)](const InstitutionResult &result) {
            if (result.status != InstitutionResult::Status::Found) {
                done(result.error.isEmpty() ? u"no valid institution settings"_s : result.error);
                return;
            }
            m_settings = result.settings;
            qCInfo(lcBroker).noquote()
                << "institution" << m_settings.id
                << (m_settings.name.isEmpty() ? u"(no name)"_s : u"\"%1\""_s.arg(m_settings.name))
                << (m_settings.hipaaMode() ? "in HIPAA mode" : "");
            done(QString());
        });
}

void InstitutionService::changedElsewhere()
{
    m_store.loadSettings(m_settings, m_clock.now(), this, [this](const InstitutionResult &result) {
        if (result.status != InstitutionResult::Status::Found || result.settings == m_settings)
            return;
        // In place: ShareService holds a reference to the expiry rules.
        m_settings = result.settings;
        qCInfo(lcBroker) << "institution settings changed on another replica";
        emit changed(m_settings);
    });
}

void InstitutionService::update(Change change, const AuditActor &by, QObject *context,
                                std::function<void(const Outcome &)> done)
{
    if (m_waiting.size() >= kMaxWaitingChanges) {
        done(Outcome{Outcome::Status::Busy, {}, {}});
        return;
    }
    m_waiting.push_back(Waiting{std::move(change), by, context, std::move(done)});
    startNext();
}

void InstitutionService::startNext()
{
    while (!m_storing && !m_waiting.empty()) {
        Waiting waiting = std::move(m_waiting.front());
        m_waiting.pop_front();
        QString error;
        const std::optional<InstitutionSettings> next = waiting.change(m_settings, &error);
        if (!next) {
            finish(waiting, Outcome{Outcome::Status::Invalid, {}, error});
            continue;
        }
        if (*next == m_settings) {
            finish(waiting, Outcome{Outcome::Status::Updated, m_settings, {}});
            continue;
        }
        m_storing = true;
        const AuditEntry audit =
            m_audit.institutionChanged(waiting.by, changedFields(m_settings, *next));
        m_store.saveSettings(
            *next, m_clock.now(), audit, this,
            [this, waiting, audit](const InstitutionResult &result) {
                m_storing = false;
                if (result.status == InstitutionResult::Status::Found) {
                    // In place: ShareService holds a reference to the expiry rules.
                    m_settings = result.settings;
                    qCInfo(lcBroker).noquote()
                        << "institution settings changed by" << waiting.by.id;
                    m_audit.committed(audit);
                    finish(waiting, Outcome{Outcome::Status::Updated, m_settings, {}});
                    emit changed(m_settings);
                } else {
                    qCWarning(lcBroker).noquote() << "institution settings of" << waiting.by.id
                                                  << "could not be stored:" << result.error;
                    finish(waiting, Outcome{Outcome::Status::Failed, {}, {}});
                }
                startNext();
            });
    }
}

void InstitutionService::finish(const Waiting &waiting, const Outcome &outcome)
{
    if (waiting.context)
        waiting.done(outcome);
}

} // namespace ddalab
