package org.edusync.generate;

import java.util.Arrays;
import java.util.List;

/**
 * The names synthetic people, schools and streets are drawn from: common given and family names of the
 * many origins a US district enrols, accents and apostrophes kept (José, Zoë, Nguyễn, O'Brien), so that every
 * consumer of the files meets non-ASCII text.
 */
final class NameLists {
    private NameLists() {
    }

    static final List<String> FIRST = split("""
            Ava, Liam, Olivia, Noah, Emma, Oliver, Sophia, Elijah, Isabella, Lucas, Mia, Mason, Amelia, Ethan, Harper,
            Logan, Evelyn, James, Abigail, Aiden, Emily, Jackson, Ella, Sebastian, Elizabeth, Mateo, Camila, Jack, Luna,
            Owen, Theodore, Avery, Samuel, Mila, Henry, Aria, Leo, Scarlett, Wyatt, Penelope, Daniel, Layla, Michael,
            Chloe, Alexander, Victoria, Benjamin, Madison, Levi, Eleanor, Gabriel, Grace, Julian, Nora, David, Riley,
            Joseph, Zoey, Carter, Hannah, Isaac, Hazel, Anthony, Lily, Jayden, Ellie, Dylan, Violet, Grayson, Lillian,
            John, Addison, Ezra, Aubrey, Hudson, Stella, Charles, Natalie, Christopher, Leah, Jaxon, Savannah, Maverick,
            Brooklyn, Josiah, Claire, Isaiah, Skylar, Andrew, Lucy, Thomas, Paisley, Joshua, Everly, Ezekiel, Anna,
            Caleb, Caroline, Cameron, Genesis, Nathan, Aaliyah, Jeremiah, Kennedy, Angel, Kinsley, Robert, Allison,
            Zoë, José, Chloé, Renée, Björn, Søren, François, Łukasz, Maëlle, Inés, Andrés, Jesús, María, Sofía, Lucía,
            Valentina, Matías, Tomás, Joaquín, Martín, Nicolás, Camille, Léa, Hélène, Noël, Anaïs, Thérèse, Jérôme, Rémi,
            Aurélie, Agnès, Siobhán, Seán, Niamh, Aoife, Ciarán, Eoin, Saoirse, Oisín, Pádraig, Róisín, Dóra, Ádám,
            Bence, Zsófia, Jürgen, Jörg, Günther, Lena, Lukas, Felix, Jonas, Mathilde, Ingrid, Astrid, Sven, Åsa,
            Linnéa, Mikkel, Freja, Aarav, Vivaan, Aditya, Ananya, Diya, Ishaan, Priya, Rohan, Saanvi, Arjun, Wei, Jing,
            Mei, Hao, Xin, Yuki, Haruto, Sakura, Ren, Hina, Sora, Minjun, Seo-yeon, Ji-woo, Hyun, Thảo, Linh, Minh, Huy,
            Trang, Ngọc, Chidi, Oluwaseun, Adaeze, Ngozi, Kwame, Ama, Kofi, Amara, Zainab, Fatima, Omar, Yusuf, Aisha,
            Hamza, Mariam, Khalid, Noor, Leila, Dmitri, Anastasia, Olga, Ivan, Natalia, Mikhail, Katarzyna, Zofia,
            Wojciech, Małgorzata, Agnieszka, Piotr, Tomasz, Jiří, Tereza, Ondřej, Barbora, Šárka, Çağla, Emre, Elif,
            Ayşe, Mehmet, Ömer, Giulia, Lorenzo, Alessandro, Francesca, Chiara, Matteo, Beatriz, João, Gonçalo, Inês,
            Leilani, Kai, Keanu, Maile, Tala, Aylin, D'Andre, Ke'Shawn, Ora, Beulah, Florence, Dane, Genevieve, Ramiro,
            Craig, Daisy, Dana, Rocky, Dolly, Kristie, Felicia, Hope, Edna, Shawna, Tammie, Susana
            """);

    static final List<String> LAST = split("""
            Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernández, López,
            González, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Pérez, Thompson, White, Harris,
            Sánchez, Clark, Ramírez, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott, Torres, Nguyễn, Hill,
            Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell, Carter, Roberts, Gómez, Phillips,
            Evans, Turner, Díaz, Parker, Cruz, Edwards, Collins, Reyes, Stewart, Morris, Morales, Murphy, Cook, Rogers,
            Gutiérrez, Ortiz, Morgan, Cooper, Peterson, Bailey, Reed, Kelly, Howard, Ramos, Kim, Cox, Ward, Richardson,
            Watson, Brooks, Chavez, Wood, James, Bennett, Gray, Mendoza, Ruiz, Hughes, Price, Álvarez, Castillo, Sanders,
            Patel, Myers, Long, Ross, Foster, Jiménez, O'Brien, O'Connor, O'Neill, O'Sullivan, D'Angelo, McCarthy,
            MacDonald, McMillan, McCullough, Müller, Schmidt, Schneider, Fischer, Weiß, Schäfer, Köhler, Öztürk, Yılmaz,
            Şahin, Çelik, Demir, Dvořák, Novák, Černý, Procházka, Kowalski, Nowak, Wiśniewski, Wójcik, Łukasiewicz,
            Kovač, Horvat, Jovanović, Petrović, Ødegaard, Søndergaard, Lindqvist, Johansson, Åberg, Björklund,
            Nieminen, Mäkinen, Virtanen, Korhonen, Dubois, Lefèvre, Bélanger, Côté, Gagné, Tremblay, Lévesque,
            Bouchard, Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Conti, Ricci, Silva, Santos, Oliveira, Pereira,
            Costa, Gonçalves, Fernandes, Trần, Lê, Phạm, Hoàng, Phan, Vũ, Đặng, Bùi, Wang, Li, Zhang, Liu, Chen, Yang,
            Huang, Zhao, Wu, Zhou, Sato, Suzuki, Takahashi, Tanaka, Watanabe, Nakamura, Kobayashi, Park, Choi, Jung,
            Kang, Cho, Yoon, Sharma, Singh, Kumar, Gupta, Reddy, Iyer, Chatterjee, Mukherjee, Okafor, Adeyemi, Mensah,
            Owusu, Nwosu, Abubakar, Haddad, Khalil, Nasser, Rahman, Hussain, Ahmed, Ali, Cohen, Levi, Friedman, Ivanov,
            Smirnov, Petrov, Volkov, Van der Berg, De La Cruz, Del Rosario, St. John, Smith-Jones, García-López,
            Ó Súilleabháin, Þórsson, Klein, Stark, Gilbertson, Skeen, Cole, Beane, Todd, Mills, Jaime, Wyatt,
            Flowers, Doyle, Roy, Benton, Rocha, Roebuck
            """);

    static final List<String> STREETS = split("""
            Maple, Oak, Cedar, Pine, Elm, Willow, Birch, Spruce, Lake, Hill, River, Park, Washington, Lincoln,
            Jefferson, Madison, Franklin, Highland, Meadow, Forest, Sunset, Ridge, Valley, Spring, Mill, Church,
            Union, Center, Market, Harbor
            """);

    static final List<String> STREET_TYPES = split("Street, Avenue, Way, Road, Boulevard, Lane, Drive, Place");

    /** US-style school namesakes: people, places and trees. */
    static final List<String> SCHOOL_NAMES = split("""
            Lincoln, Washington, Jefferson, Roosevelt, Kennedy, Franklin, Adams, Madison, Monroe, Hamilton, Garfield,
            Whitman, Thoreau, Emerson, Dickinson, Twain, Hawthorne, Douglass, Tubman, Chávez, Parks, King, Curie,
            Einstein, Edison, Carver, Earhart, Keller, Anthony, Sequoyah, Maple Grove, Cedar Hills, Oak Ridge,
            Pine Valley, Willow Creek, Birchwood, Lakeside, Riverside, Hillcrest, Fairview, Sunnyslope, Brookside,
            Meadowbrook, Northgate, Southridge, Eastlake, Westwood, Crestview, Glenwood, Highland Park, Evergreen,
            Summit, Harbor View, Bay View, Mountain View, Clearwater, Silver Lake, Stonebridge, Timberline, Redwood
            """);

    static final List<String> CITIES = split("Redmond, Seattle, Bellevue, Kirkland, Renton, Tacoma, Everett, Spokane, Olympia, Yakima");

    static final List<String> ZIPS = split("98052, 98101, 98004, 98033, 98057, 98402, 98201, 99201, 98501, 98901");

    static final List<String> PASSWORD_WORDS = split("""
            Apple, River, Tiger, Cloud, Maple, Rocket, Falcon, Garden, Harbor, Comet, Meadow, Pepper, Violet, Canyon,
            Summit, Breeze, Copper, Lantern, Willow, Thunder, Pebble, Orchid, Glacier, Saffron
            """);

    static final List<String> QUALIFICATIONS = split("B.Ed., M.Ed., B.A., M.A., B.S., M.S., Ed.D., Ph.D.");

    private static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
