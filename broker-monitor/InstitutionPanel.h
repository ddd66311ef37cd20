#pragma once

#include "domain/InstitutionSettings.h"

#include <QWidget>

class QLabel;

namespace ddalab::monitor {

// The institution's settings as the broker last reported them (monitor_snapshot, then
// institution_config), read-only: they are changed with PUT /api/institution/config.
class InstitutionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InstitutionPanel(QWidget *parent = nullptr);

    void setSettings(const ddalab::InstitutionSettings &settings);
    // The value shown for a row, by its label (for the tests).
    QString valueOf(const QString &label) const;

private:
    QLabel *addRow(const QString &label);

    QList<std::pair<QString, QLabel *>> m_rows;
    QLabel *m_id;
    QLabel *m_name;
    QLabel *m_hipaa;
    QLabel *m_federation;
    QLabel *m_defaults;
    QLabel *m_maxima;
};

} // namespace ddalab::monitor
