package dev.momentum.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CsvMessageConverterTest {

    private final ObjectMapper json = new ObjectMapper();

    private String csv(String answer) throws Exception {
        StringWriter out = new StringWriter();
        CsvMessageConverter.write(json.readTree(answer), out);
        return out.toString();
    }

    @Test
    void oneRowPerElementOfTheTableWithTheAnswersScalarsFirst() throws Exception {
        assertThat(csv("""
                {"pipeline":"buyer-journey","patterns":[
                 {"stage":"Evaluation, late","missedVisits":60,"relativeRisk":5.125,"ci95":[3.26,8.05],"pValue":1.08E-15,"qValue":null,
                  "exits":{"WON":3},"reasons":["A","B"],"quote":"say \\"hi\\""},
                 {"stage":"Proposal","missedVisits":3,"relativeRisk":null,"ci95":null,"pValue":null,"qValue":null,
                  "exits":{"WON":0},"reasons":[],"quote":""}]}"""))
                .isEqualTo("pipeline,stage,missedVisits,relativeRisk,ci95.0,ci95.1,pValue,qValue,exits.WON,reasons,quote,ci95\r\n"
                        + "buyer-journey,\"Evaluation, late\",60,5.125,3.26,8.05,1.08E-15,,3,A; B,\"say \"\"hi\"\"\",\r\n"
                        + "buyer-journey,Proposal,3,,,,,,0,,,\r\n");
    }

    @Test
    void anAnswerWithoutATableIsOneRow() throws Exception {
        assertThat(csv("{\"lag\":0,\"ok\":true}")).isEqualTo("lag,ok\r\n0,true\r\n");
        assertThat(csv("{\"deals\":[]}")).isEqualTo("\r\n");
    }
}
