#include "InstitutionPanel.h"

#include <QFormLayout>
#include <QLabel>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

namespace {

QString days(std::optional<int> value)
{
    if (!value)
        return u"never"_s;
    return *value == 1 ? u"1 day"_s : u"%1 days"_s.arg(*value);
}

} // namespace

InstitutionPanel::InstitutionPanel(QWidget *parent)
    : QWidget(parent), m_id(addRow(u"Id"_s)), m_name(addRow(u"Name"_s)),
      m_hipaa(addRow(u"HIPAA mode"_s)), m_federation(addRow(u"Federation"_s)),
      m_defaults(addRow(u"Default expiry"_s)), m_maxima(addRow(u"Longest expiry"_s))
{
    auto *layout = new QFormLayout(this);
    for (const auto &[label, value] : m_rows) {
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        layout->addRow(label + u':', value);
    }
    layout->addRow(
        new QLabel(u"Administrators change these with PUT /api/institution/config."_s, this));
    m_id->setText(u"(not reported yet)"_s);
}

QLabel *InstitutionPanel::addRow(const QString &label)
{
    auto *value = new QLabel(this);
    m_rows.append({label, value});
    return value;
}

void InstitutionPanel::setSettings(const InstitutionSettings &settings)
{
    const ShareExpiryRules &expiry = settings.expiry;
    m_id->setText(settings.id);
    m_name->setText(settings.name.isEmpty() ? u"(none)"_s : settings.name);
    m_hipaa->setText(settings.hipaaMode() ? u"on: phi shares may not be public"_s : u"off"_s);
    m_federation->setText(
        settings.allowFederation
            ? u"allowed with: %1"_s.arg(settings.federatedInstitutions.isEmpty()
                                            ? u"(nobody listed)"_s
                                            : settings.federatedInstitutions.join(u", "_s))
            : u"off"_s);
    m_defaults->setText(u"phi %1, de-identified %2, synthetic %3, unclassified %4"_s.arg(
        days(expiry.defaultDays(Classification::Phi)),
        days(expiry.defaultDays(Classification::DeIdentified)),
        days(expiry.defaultDays(Classification::Synthetic)),
        days(expiry.defaultDays(Classification::Unclassified))));
    m_maxima->setText(u"%1; phi shares %2 in HIPAA mode"_s.arg(days(expiry.maxDays()),
                                                               days(expiry.phiMaxDays())));
}

QString InstitutionPanel::valueOf(const QString &label) const
{
    for (const auto &[name, value] : m_rows) {
        if (name == label)
            return value->text();
    }
    return {};
}

} // namespace ddalab::monitor
